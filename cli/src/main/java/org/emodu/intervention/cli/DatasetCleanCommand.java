package org.emodu.intervention.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.Json;
import org.emodu.intervention.core.OutputPolicy;
import org.emodu.intervention.dataset.Cleaner;
import org.emodu.intervention.dataset.CleaningResult;
import org.emodu.intervention.dataset.CorpusFiles;
import org.emodu.intervention.core.OutputFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code intervensi dataset clean}: normalises texts and drops policy breakers and duplicates. */
@Command(
    name = "clean",
    mixinStandardHelpOptions = true,
    description = {
        "Normalises texts and drops policy breakers and duplicates, saying why.",
        "Unicode NFC, whitespace, zero-width characters and typographic quotes are normalised;",
        "texts over the word limit or without emoji dropped; exact duplicates and near-duplicates (Jaccard of",
        "normalised words at or above --threshold, between different source groups) dropped, expert items",
        "winning over augmented ones. Every dropped item is reported with its reason. Cleaning twice changes nothing."},
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
    OutputFiles.checkDistinct(CorpusFiles.isBuiltIn(input) ? List.of() : List.of(Path.of(input)), outputs);
    outputs.forEach(path -> OutputFiles.checkWritable(path, force));
    List<Exemplar> exemplars = CorpusFiles.read(input);
    CleaningResult result = Cleaner.standard().threshold(threshold).withinGroups(withinGroups).policy(new OutputPolicy(maxWords)).clean(exemplars);
    CorpusFiles.write(output, result.kept(), force);
    if (report != null) {
      OutputFiles.write(report, force, writer -> {
        for (CleaningResult.Dropped dropped : result.dropped()) {
          ObjectNode line = Json.mapper().createObjectNode();
          line.put("id", dropped.id()).put("reason", dropped.reason()).put("detail", dropped.detail()).put("text", dropped.text());
          writer.write(Json.mapper().writeValueAsString(line));
          writer.write('\n');
        }
      });
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
