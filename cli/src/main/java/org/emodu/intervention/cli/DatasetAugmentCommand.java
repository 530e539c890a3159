package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.core.openai.ChatBatch;
import org.emodu.intervention.core.openai.OpenAiChatBackend;
import org.emodu.intervention.core.openai.OpenAiConnection;
import org.emodu.intervention.dataset.AugmentationMethod;
import org.emodu.intervention.dataset.AugmentationResult;
import org.emodu.intervention.dataset.Augmenter;
import org.emodu.intervention.dataset.ChrfSimilarity;
import org.emodu.intervention.dataset.CorpusFiles;
import org.emodu.intervention.dataset.GateVocabulary;
import org.emodu.intervention.dataset.SynonymLexicon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code intervensi dataset augment}: grows a corpus with EDA operations and model rewrites. */
@Command(
    name = "augment",
    mixinStandardHelpOptions = true,
    description = {
        "Grows a corpus with variants made by local word edits or by a model.",
        "Every exemplar that is not itself a variant gets --per-item variants per"
            + " method, tagged origin augmented:<method> with source_id set. Every variant"
            + " passes the quality gate or is dropped with its reason (--report lists each):"
            + " placeholders and emoji in their places, nothing after the closing emoji, no"
            + " doubled word, the reward or the removed burden kept, no guessed cause added,"
            + " only lexicon synonyms and no protected word touched, chrF++ with the source"
            + " at least --min-similarity."
            + " synonym (the default, 'local') replaces words from the curated lexicon and"
            + " keeps Indonesian fluent. insertion, swap and deletion are EDA's other"
            + " operations: insertion and swap break Indonesian word order in nearly every"
            + " variant and deletion often drops a word the sentence needs, so the gate"
            + " drops most of what they make; they run only when named ('eda' names all"
            + " four)."
            + " paraphrase and back-translation, the recommended way, ask the model"
            + " (OPENAI_API_KEY, OPENAI_BASE_URL, --model); every answer is kept in a"
            + " journal, so re-running the same command after a failure pays for no call"
            + " twice. With --batch they go through the OpenAI Batch API instead: half the"
            + " price, answered within 24 hours; the batch is kept in the journal too, so"
            + " running the same command again follows it rather than creating another."},
    footer = {"", "Examples:",
        "  intervensi dataset augment data/expert.jsonl -o data/augmented.jsonl --methods local --per-item 2 --seed 42",
        "  intervensi dataset augment builtin -o data/paraphrased.jsonl --methods paraphrase,back-translation --concurrency 8",
        "  intervensi dataset augment builtin -o data/paraphrased.jsonl --methods paraphrase,back-translation --batch"})
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
      description = "Comma-separated: synonym, insertion, swap, deletion, paraphrase, back-translation; 'local' for synonym,"
          + " 'eda' for the first four, 'all' (default: ${DEFAULT-VALUE}).")
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

  @Option(names = "--vocabulary", paramLabel = "FILE",
      description = "Cue, protected and optional words ([reward], [removal], [burden], [protected], [optional] sections) instead of the built-in ones.")
  private Path vocabulary;

  @Option(names = "--min-similarity", paramLabel = "S", defaultValue = "0.35",
      description = "The chrF++ with its source a variant needs, 0 to 1; 0 turns the check off (default: ${DEFAULT-VALUE}).")
  private double minSimilarity;

  @Option(names = "--max-words", paramLabel = "N", defaultValue = "25", description = "The word limit a variant must meet (default: ${DEFAULT-VALUE}).")
  private int maxWords;

  @Option(names = "--report", paramLabel = "FILE", description = "Write every dropped variant (id, reason, detail, text) here as JSON Lines.")
  private Path report;

  @Option(names = "--model", paramLabel = "MODEL", description = "The model that paraphrases and translates. Default: OPENAI_MODEL, else gpt-3.5-turbo.")
  private String model;

  @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.9", description = "Sampling temperature of the model methods (default: ${DEFAULT-VALUE}).")
  private double temperature;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4", description = "Model calls in flight at once (default: ${DEFAULT-VALUE}).")
  private int concurrency;

  @Option(names = "--journal", paramLabel = "FILE", description = "The journal of paid calls. Default: the output's name plus .journal.jsonl.")
  private Path journal;

  @Option(names = "--batch",
      description = "Ask the model methods through the OpenAI Batch API: half the price, answers within 24 hours.")
  private boolean batch;

  @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "30s",
      description = "With --batch, how long to wait between two looks at the batch: 30s, 2m; 0 looks again at once"
          + " (default: ${DEFAULT-VALUE}).")
  private String pollInterval;

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
    if (vocabulary != null) {
      inputs.add(vocabulary);
    }
    List<Path> outputs = new ArrayList<>(List.of(output));
    if (usesModel) {
      outputs.add(journalFile);
    }
    if (report != null) {
      outputs.add(report);
    }
    OutputFiles.checkDistinct(inputs, outputs);
    // Before any paid call: a run that could not write its result would waste it.
    OutputFiles.checkWritable(output, force);
    if (report != null) {
      OutputFiles.checkWritable(report, force);
    }
    List<Exemplar> exemplars = CorpusFiles.read(input);
    Augmenter.Builder builder = Augmenter.builder()
        .methods(chosen).perItem(perItem).seed(seed).strength(strength).maxWords(maxWords)
        .lexicon(lexicon != null ? SynonymLexicon.read(lexicon) : SynonymLexicon.builtIn())
        .vocabulary(vocabulary != null ? GateVocabulary.read(vocabulary) : GateVocabulary.builtIn())
        .similarity(new ChrfSimilarity(), DatasetCommand.fraction("--min-similarity", minSimilarity));
    List<String> harmful = chosen.stream().filter(AugmentationMethod::harmsFluency).map(AugmentationMethod::label).toList();
    if (!harmful.isEmpty()) {
      DatasetCommand.notice(err, String.join(", ", harmful) + " break Indonesian word order or drop needed words in most variants;"
          + " the quality gate drops those (see docs/dataset.md). synonym, paraphrase and back-translation keep the text fluent.");
    }
    Settings settings = dataset.settings();
    Duration interval = BatchOptions.pollInterval(pollInterval);
    OpenAiChatBackend backend = null;
    ChatBatch chatBatch = null;
    try {
      if (usesModel) {
        backend = new OpenAiChatBackend(OpenAiConnection.fromSettings(settings));
        String modelName = model != null ? model : settings.get(Settings.OPENAI_MODEL, Settings.DEFAULT_MODEL);
        builder.backend(backend, modelName).temperature(temperature).concurrency(concurrency).journal(journalFile)
            .progress(ConsoleProgress.onStandardError(err, " model calls"));
        DatasetCommand.notice(err, "asking " + modelName + " at " + backend.connection().host() + "; paid calls are kept in " + journalFile);
        if (batch) {
          chatBatch = BatchOptions.open(settings, interval);
          builder.batch(chatBatch);
          DatasetCommand.notice(err, "asking through the Batch API (half the price; answers within 24 hours); stopping is"
              + " safe: the same command follows the batch again");
        }
      } else if (batch) {
        DatasetCommand.notice(err, "--batch asks only paraphrase and back-translation; the local methods run as they are");
      }
      AugmentationResult result = builder.build().augment(exemplars);
      CorpusFiles.write(output, result.exemplars(), force);
      if (report != null) {
        DatasetCommand.writeDrops(report, result.droppedVariants(), force);
      }
      out.println("wrote " + DatasetCommand.number(result.exemplars().size()) + " exemplars to " + output + ": "
          + DatasetCommand.number(result.exemplars().size() - result.added()) + " inputs and "
          + DatasetCommand.number(result.added()) + " variants (" + DatasetCommand.counts(result.addedByMethod()) + ")");
      out.println("dropped " + DatasetCommand.number(result.dropped()) + " variants: " + DatasetCommand.counts(result.droppedByReason())
          + (report != null ? " (listed in " + report + ")" : ""));
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
      if (chatBatch != null) {
        chatBatch.close();
      }
    }
  }
}
