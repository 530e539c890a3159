package org.emodu.intervention.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.dataset.CleaningResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code intervensi dataset}: the data path from expert examples to validated train and test files. */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    description = {
        "Builds a fine-tuning data set: import, augment, clean, split, build, validate and measure.",
        "Outputs are written atomically; inputs are never overwritten; an existing output needs --force."},
    subcommands = {
        DatasetImportCommand.class,
        DatasetAugmentCommand.class,
        DatasetCleanCommand.class,
        DatasetSplitCommand.class,
        DatasetBuildCommand.class,
        DatasetEvalsetCommand.class,
        DatasetValidateCommand.class,
        DatasetStatsCommand.class},
    footer = {
        "",
        "The whole path, from a spreadsheet of expert examples to files ready for fine-tuning:",
        "  intervensi dataset import docs/examples/experts.csv -o data/expert.jsonl --skip-bad-rows",
        "  intervensi dataset augment data/expert.jsonl -o data/augmented.jsonl --methods local --per-item 2 --seed 42",
        "  intervensi dataset clean data/augmented.jsonl -o data/clean.jsonl --report data/clean-report.jsonl",
        "  intervensi dataset split data/clean.jsonl --test 0.2 --seed 42 --out-dir data/split",
        "  intervensi dataset build data/split/train.jsonl -o data/train-chat.jsonl --profile finetuned",
        "  intervensi dataset validate data/train-chat.jsonl",
        "  intervensi dataset stats data/train-chat.jsonl --price-per-million 8"})
final class DatasetCommand implements Runnable {

  @ParentCommand
  private Main main;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  Settings settings() {
    return main.settings();
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a dataset command: import, augment, clean, split, build, validate or stats");
  }

  /** {@code reason 3, other 1}, or {@code none}. */
  static String counts(Map<?, ? extends Number> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    return counts.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "));
  }

  static String number(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static void notice(PrintWriter err, String message) {
    err.println("intervensi: " + message);
  }

  /** A value from 0 to 1 of the named option, or a usage error that says so. */
  static double fraction(String option, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(option + " must be from 0 to 1, got " + value);
    }
    return value;
  }

  /** Writes dropped exemplars as JSON Lines: id, reason, detail, text. */
  static void writeDrops(Path file, List<CleaningResult.Dropped> drops, boolean force) {
    OutputFiles.write(file, force, writer -> {
      for (CleaningResult.Dropped dropped : drops) {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("id", dropped.id()).put("reason", dropped.reason()).put("detail", dropped.detail()).put("text", dropped.text());
        writer.write(Json.mapper().writeValueAsString(line));
        writer.write('\n');
      }
    });
  }
}
