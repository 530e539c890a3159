package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.ConsoleProgress;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.OpenAiChatBackend;
import org.emodu.intervention.core.OpenAiConnection;
import org.emodu.intervention.core.OutputFiles;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.dataset.AugmentationMethod;
import org.emodu.intervention.dataset.AugmentationResult;
import org.emodu.intervention.dataset.Augmenter;
import org.emodu.intervention.dataset.CorpusFiles;
import org.emodu.intervention.dataset.SynonymLexicon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code intervensi dataset augment}: grows a corpus with EDA operations and model rewrites. */
@Command(
    name = "augment",
    mixinStandardHelpOptions = true,
    description = {
        "Grows a corpus with variants made by EDA operations or by a model.",
        "Every exemplar that is not itself a variant gets --per-item variants per method,",
        "tagged origin augmented:<method> with source_id set. Variants that change placeholders, lose emoji,",
        "exceed --max-words or equal their source are dropped and counted.",
        "Local methods (synonym, insertion, swap, deletion) are seeded and free. paraphrase and",
        "back-translation ask the model (OPENAI_API_KEY, OPENAI_BASE_URL, --model); every answer is kept in",
        "a journal, so re-running the same command after a failure pays for no call twice."},
    footer = {"", "Examples:",
        "  intervensi dataset augment data/expert.jsonl -o data/augmented.jsonl --methods local --per-item 2 --seed 42",
        "  intervensi dataset augment builtin -o data/paraphrased.jsonl --methods paraphrase,back-translation --concurrency 8"})
final class DatasetAugmentCommand implements Callable<Integer> {

  @ParentCommand
  private DatasetCommand dataset;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CORPUS", description = "The exemplar corpus to grow, or 'builtin'.")
  private String input;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The augmented corpus to write: inputs, each followed by its variants.")
  private Path output;

  @Option(names = "--methods", paramLabel = "LIST", defaultValue = "local",
      description = "Comma-separated: synonym, insertion, swap, deletion, paraphrase, back-translation; 'local' for the first four, 'all' (default: ${DEFAULT-VALUE}).")
  private String methods;

  @Option(names = "--per-item", paramLabel = "N", defaultValue = "1", description = "Variants to try per exemplar and method (default: ${DEFAULT-VALUE}).")
  private int perItem;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the local methods (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--strength", paramLabel = "ALPHA", defaultValue = "0.1",
      description = "EDA's alpha: the share of words a local method changes, at least one (default: ${DEFAULT-VALUE}).")
  private double strength;

  @Option(names = "--lexicon", paramLabel = "FILE", description = "A synonym lexicon ('word: synonym, synonym' lines) instead of the built-in Indonesian one.")
  private Path lexicon;

  @Option(names = "--max-words", paramLabel = "N", defaultValue = "25", description = "The word limit a variant must meet (default: ${DEFAULT-VALUE}).")
  private int maxWords;

  @Option(names = "--model", paramLabel = "MODEL", description = "The model that paraphrases and translates. Default: OPENAI_MODEL, else gpt-3.5-turbo.")
  private String model;

  @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.9", description = "Sampling temperature of the model methods (default: ${DEFAULT-VALUE}).")
  private double temperature;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4", description = "Model calls in flight at once (default: ${DEFAULT-VALUE}).")
  private int concurrency;

  @Option(names = "--journal", paramLabel = "FILE", description = "The journal of paid calls. Default: the output's name plus .journal.jsonl.")
  private Path journal;

  @Option(names = "--force", description = "Replace the output if it exists.")
  private boolean force;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Set<AugmentationMethod> chosen = AugmentationMethod.parseList(methods);
    boolean usesModel = chosen.stream().anyMatch(AugmentationMethod::usesModel);
    Path journalFile = journal != null ? journal : output.resolveSibling(output.getFileName() + ".journal.jsonl");
    List<Path> inputs = new ArrayList<>();
    if (!CorpusFiles.isBuiltIn(input)) {
      inputs.add(Path.of(input));
    }
    if (lexicon != null) {
      inputs.add(lexicon);
    }
    OutputFiles.checkDistinct(inputs, usesModel ? List.of(output, journalFile) : List.of(output));
    // Before any paid call: a run that could not write its result would waste it.
    OutputFiles.checkWritable(output, force);
    List<Exemplar> exemplars = CorpusFiles.read(input);
    Augmenter.Builder builder = Augmenter.builder()
        .methods(chosen).perItem(perItem).seed(seed).strength(strength).maxWords(maxWords)
        .lexicon(lexicon != null ? SynonymLexicon.read(lexicon) : SynonymLexicon.builtIn());
    Settings settings = dataset.settings();
    OpenAiChatBackend backend = null;
    try {
      if (usesModel) {
        backend = new OpenAiChatBackend(OpenAiConnection.fromSettings(settings));
        String modelName = model != null ? model : settings.get(Settings.OPENAI_MODEL, Settings.DEFAULT_MODEL);
        builder.backend(backend, modelName).temperature(temperature).concurrency(concurrency).journal(journalFile)
            .progress(ConsoleProgress.onStandardError());
        DatasetCommand.notice(err, "asking " + modelName + " at " + backend.connection().host() + "; paid calls are kept in " + journalFile);
      }
      AugmentationResult result = builder.build().augment(exemplars);
      CorpusFiles.write(output, result.exemplars(), force);
      out.println("wrote " + DatasetCommand.number(result.exemplars().size()) + " exemplars to " + output + ": "
          + DatasetCommand.number(result.exemplars().size() - result.added()) + " inputs and "
          + DatasetCommand.number(result.added()) + " variants (" + DatasetCommand.counts(result.addedByMethod()) + ")");
      out.println("dropped " + DatasetCommand.number(result.dropped()) + " variants: " + DatasetCommand.counts(result.droppedByReason()));
      if (usesModel) {
        out.println("model calls: " + DatasetCommand.number(result.modelCalls()) + " paid, "
            + DatasetCommand.number(result.resumedCalls()) + " from the journal; tokens " + DatasetCommand.number(result.usage().total())
            + " (prompt " + DatasetCommand.number(result.usage().prompt()) + ", completion " + DatasetCommand.number(result.usage().completion()) + ")");
      }
      return ExitCodes.OK;
    } finally {
      if (backend != null) {
        backend.close();
      }
    }
  }
}
