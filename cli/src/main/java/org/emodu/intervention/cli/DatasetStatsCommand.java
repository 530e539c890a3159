package org.emodu.intervention.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.dataset.Distribution;
import org.emodu.intervention.dataset.FileStatistics;
import org.emodu.intervention.dataset.FineTuningFileValidator;
import org.emodu.intervention.dataset.ValidationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code intervensi dataset stats}: sizes, tokens and the training cost estimate of a fine-tuning file. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
        "Measures a chat fine-tuning file and estimates its training cost.",
        "Examples, messages, tokens and assistant tokens per example (min, max,"
            + " mean, median, p5, p95, cl100k_base), the training tokens billed for --epochs (default: what OpenAI"
            + " picks for the file's size) and, with --price-per-million, the estimated cost."},
    footer = {"", "Example:", "  intervensi dataset stats data/train-chat.jsonl --epochs 3 --price-per-million 8"})
final class DatasetStatsCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The fine-tuning file (JSON Lines).")
  private Path file;

  @Option(names = "--epochs", paramLabel = "N", description = "Training epochs. Default: OpenAI's default for the file's size.")
  private Integer epochs;

  @Option(names = "--price-per-million", paramLabel = "USD", description = "Price per million training tokens, for a cost estimate.")
  private Double price;

  @Option(names = "--context-limit", paramLabel = "TOKENS", defaultValue = "16385", description = "The model's context in tokens (default: ${DEFAULT-VALUE}).")
  private int contextLimit;

  @Option(names = "--json", description = "Print the statistics as JSON.")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ValidationReport report = new FineTuningFileValidator(contextLimit, 0, 0).validate(file);
    print(out, file, report, epochs, price, json);
    if (!report.valid()) {
      DatasetCommand.notice(err, "warning: the file has " + DatasetCommand.number(report.totalErrors())
          + " error(s) (" + DatasetCommand.counts(report.countsByKind()) + "); run 'intervensi dataset validate " + file + "'");
    }
    return ExitCodes.OK;
  }

  /** Prints a report's statistics, as text or JSON; shared with {@code validate --stats}. */
  static void print(PrintWriter out, Path file, ValidationReport report, Integer epochs, Double price, boolean json) throws Exception {
    if (epochs != null && epochs < 1) {
      throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
    }
    if (price != null && !(price >= 0)) {
      throw new IllegalArgumentException("--price-per-million must be a number of at least 0, got " + price);
    }
    FileStatistics statistics = report.statistics();
    int chosenEpochs = epochs != null ? epochs : statistics.defaultEpochs();
    long billed = statistics.billedTokens(chosenEpochs);
    if (json) {
      ObjectNode node = Json.mapper().valueToTree(statistics);
      node.put("epochs", chosenEpochs).put("billed_tokens", billed);
      if (price != null) {
        node.put("price_per_million", price).put("estimated_cost", statistics.cost(chosenEpochs, price));
      }
      out.println(Json.mapper().writeValueAsString(node));
      return;
    }
    out.println("file: " + file);
    out.println("examples: " + DatasetCommand.number(statistics.examples()));
    out.println("messages per example:         " + describe(statistics.messagesPerExample()));
    out.println("tokens per example:           " + describe(statistics.tokensPerExample()));
    out.println("assistant tokens per example: " + describe(statistics.assistantTokensPerExample()));
    out.println("total tokens: " + DatasetCommand.number(statistics.totalTokens()));
    out.println("examples without a system message: " + statistics.examplesWithoutSystem()
        + "; without a user message: " + statistics.examplesWithoutUser()
        + "; over the context of " + DatasetCommand.number(statistics.contextLimit()) + " tokens: " + statistics.examplesOverContext());
    out.println("epochs: " + chosenEpochs + (epochs == null ? " (OpenAI's default for " + DatasetCommand.number(statistics.examples()) + " examples)" : ""));
    out.println("billed training tokens: " + DatasetCommand.number(statistics.billedTokensPerEpoch()) + " per epoch, "
        + DatasetCommand.number(billed) + " in all");
    if (price != null) {
      out.println(String.format(Locale.ROOT, "estimated cost: $%.2f at $%s per million training tokens", statistics.cost(chosenEpochs, price),
          stripZeros(price)));
    }
  }

  private static String describe(Distribution distribution) {
    return String.format(Locale.ROOT, "min %d, max %d, mean %.1f, median %.1f, p5 %.1f, p95 %.1f",
        distribution.min(), distribution.max(), distribution.mean(), distribution.median(), distribution.p5(), distribution.p95());
  }

  private static String stripZeros(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
