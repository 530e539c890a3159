package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.generation.OutputPolicy;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.dataset.ChrfSimilarity;
import org.emodu.intervention.dataset.Cleaner;
import org.emodu.intervention.dataset.CleaningResult;
import org.emodu.intervention.dataset.CorpusFiles;
import org.emodu.intervention.dataset.GateVocabulary;
import org.emodu.intervention.dataset.SynonymLexicon;
import org.emodu.intervention.dataset.VariantGate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code intervensi dataset clean}: normalises texts and drops policy breakers and duplicates. */
@Command(
    name = "clean",
    mixinStandardHelpOptions = true,
    description = {
        "Normalises texts and drops policy breakers, broken variants and duplicates,"
            + " saying why.",
        "Unicode NFC, whitespace, zero-width characters and typographic quotes are"
            + " normalised; texts over the word limit or without emoji are dropped. Every"
            + " augmented variant, wherever it was made, passes the quality gate against its"
            + " source: placeholders and emoji in their places, nothing after the closing"
            + " emoji, no doubled word, the reward or the removed burden kept and none of"
            + " the other kind added, no guessed cause added; for word edits, only lexicon"
            + " synonyms and no protected word touched; chrF++ with the source at least"
            + " --min-similarity."
            + " Exact duplicates and near-duplicates (Jaccard of normalised words at or"
            + " above --threshold, between different source groups) are dropped, expert"
            + " items winning over augmented ones. Every dropped item is reported with its"
            + " reason. Cleaning twice changes nothing."},
    footer = {"", "Example:", "  intervensi dataset clean data/augmented.jsonl -o data/clean.jsonl --report data/clean-report.jsonl"})
final class DatasetCleanCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CORPUS", description = "The exemplar corpus to clean, or 'builtin'.")
  private String input;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The cleaned corpus to write.")
  private Path output;

  @Option(names = "--report", paramLabel = "FILE", description = "Write every dropped item (id, reason, detail, text) here as JSON Lines; default: list them on stderr.")
  private Path report;

  @Option(names = "--threshold", paramLabel = "J", defaultValue = "0.85", description = "Near-duplicate Jaccard threshold, above 0 up to 1 (default: ${DEFAULT-VALUE}).")
  private double threshold;

  @Option(names = "--within-groups", description = "Also drop near-duplicates inside a source group (a variant close to its own source).")
  private boolean withinGroups;

  @Option(names = "--max-words", paramLabel = "N", defaultValue = "25", description = "The word limit (default: ${DEFAULT-VALUE}).")
  private int maxWords;

  @Option(names = "--lexicon", paramLabel = "FILE", description = "The synonym lexicon the variants were made with, if not the built-in one.")
  private Path lexicon;

  @Option(names = "--vocabulary", paramLabel = "FILE",
      description = "Cue, protected and optional words ([reward], [removal], [burden], [protected], [optional] sections) instead of the built-in ones.")
  private Path vocabulary;

  @Option(names = "--min-similarity", paramLabel = "S", defaultValue = "0.35",
      description = "The chrF++ with its source a variant needs, 0 to 1; 0 turns the check off (default: ${DEFAULT-VALUE}).")
  private double minSimilarity;

  @Option(names = "--force", description = "Replace the outputs if they exist.")
  private boolean force;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> outputs = new ArrayList<>(List.of(output));
    if (report != null) {
      outputs.add(report);
    }
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
    OutputFiles.checkDistinct(inputs, outputs);
    outputs.forEach(path -> OutputFiles.checkWritable(path, force));
    VariantGate gate = VariantGate.standard()
        .lexicon(lexicon != null ? SynonymLexicon.read(lexicon) : SynonymLexicon.builtIn())
        .vocabulary(vocabulary != null ? GateVocabulary.read(vocabulary) : GateVocabulary.builtIn())
        .similarity(new ChrfSimilarity(), DatasetCommand.fraction("--min-similarity", minSimilarity));
    List<Exemplar> exemplars = CorpusFiles.read(input);
    CleaningResult result = Cleaner.standard().threshold(threshold).withinGroups(withinGroups).policy(new OutputPolicy(maxWords))
        .gate(gate).clean(exemplars);
    CorpusFiles.write(output, result.kept(), force);
    if (report != null) {
      DatasetCommand.writeDrops(report, result.dropped(), force);
    } else {
      result.dropped().forEach(dropped -> DatasetCommand.notice(err, "dropped " + dropped.id() + ": " + dropped.reason() + " (" + dropped.detail() + ")"));
    }
    out.println("kept " + DatasetCommand.number(result.kept().size()) + " of " + DatasetCommand.number(exemplars.size())
        + " exemplars in " + output + "; normalised " + DatasetCommand.number(result.changed().size()) + " texts");
    out.println("dropped " + DatasetCommand.number(result.dropped().size()) + ": " + DatasetCommand.counts(result.droppedByReason())
        + (report != null ? " (listed in " + report + ")" : ""));
    return ExitCodes.OK;
  }
}
