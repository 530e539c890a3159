package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.emodu.intervention.core.Settings;
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
        "  intervensi dataset import experts.csv -o data/expert.jsonl",
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
  static String counts(Map<String, ? extends Number> counts) {
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
}
