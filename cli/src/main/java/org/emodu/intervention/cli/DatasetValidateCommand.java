package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.dataset.FineTuningFileValidator;
import org.emodu.intervention.dataset.ValidationError;
import org.emodu.intervention.dataset.ValidationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code intervensi dataset validate}: the checks OpenAI documents for chat fine-tuning files. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
        "Checks a chat fine-tuning file as OpenAI documents it.",
        "Every line a JSON object with a messages list,"
            + " known roles, non-empty text contents, an assistant message, no unknown keys, no example over the"
            + " context, at least --min-examples examples. Errors are listed by line and kind with counts per kind."
            + " Exit code 0 when the file is valid, 1 when any error exists."},
    footer = {"", "Example:", "  intervensi dataset validate data/train-chat.jsonl"})
final class DatasetValidateCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The fine-tuning file (JSON Lines).")
  private Path file;

  @Option(names = "--context-limit", paramLabel = "TOKENS", defaultValue = "16385",
      description = "The model's context in tokens (default: ${DEFAULT-VALUE}, gpt-3.5-turbo).")
  private int contextLimit;

  @Option(names = "--max-errors", paramLabel = "N", defaultValue = "50", description = "Errors to list; all are counted (default: ${DEFAULT-VALUE}).")
  private int maxErrors;

  @Option(names = "--min-examples", paramLabel = "N", defaultValue = "10",
      description = "The fewest examples a file may have; OpenAI needs 10 for training (default: ${DEFAULT-VALUE}).")
  private int minExamples;

  @Option(names = "--json", description = "Print the whole report as JSON.")
  private boolean json;

  @Option(names = "--stats", description = "Also print what 'dataset stats' prints, from the same single pass over the file.")
  private boolean stats;

  @Option(names = "--epochs", paramLabel = "N", description = "With --stats: training epochs. Default: OpenAI's default for the file's size.")
  private Integer epochs;

  @Option(names = "--price-per-million", paramLabel = "USD", description = "With --stats: price per million training tokens, for a cost estimate.")
  private Double price;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ValidationReport report = new FineTuningFileValidator(contextLimit, maxErrors, minExamples).validate(file);
    if (json) {
      out.println(Json.mapper().writeValueAsString(report));
    } else {
      for (ValidationError error : report.errors()) {
        out.println(file + (error.line() > 0 ? ":" + error.line() : "") + ": " + error.kind() + ": " + error.message());
      }
      if (report.truncated()) {
        out.println("... " + DatasetCommand.number(report.totalErrors() - report.errors().size()) + " more (raise --max-errors to list them)");
      }
      if (report.valid()) {
        out.println("valid: " + file + " (" + DatasetCommand.number(report.statistics().examples()) + " examples, "
            + DatasetCommand.number(report.statistics().totalTokens()) + " tokens)");
      } else {
        out.println("invalid: " + file + " has " + DatasetCommand.number(report.totalErrors()) + " error(s): "
            + DatasetCommand.counts(report.countsByKind()));
      }
    }
    if (stats && !json) {
      DatasetStatsCommand.print(out, file, report, epochs, price, false);
    }
    return report.valid() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
