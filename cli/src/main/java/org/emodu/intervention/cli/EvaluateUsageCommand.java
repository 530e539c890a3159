package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.evaluation.DescriptiveSummary;
import org.emodu.intervention.evaluation.PriceTable;
import org.emodu.intervention.evaluation.UsageGroup;
import org.emodu.intervention.evaluation.UsageReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code intervensi evaluate usage}: token usage and cost per generator and model from interaction logs. */
@Command(
    name = "usage",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Summarises token usage from interaction logs (written by generate --log or the server), per generator and"
            + " model: count, mean, std, min, quartiles and max of prompt, completion and total tokens, latency and,"
            + " with prices, cost in US dollars.",
        "Writes one CSV row per group and metric and prints the same as tables."},
    footer = {
        "",
        "Examples:",
        "  intervensi evaluate usage interactions.jsonl --out usage.csv",
        "  intervensi evaluate usage base.jsonl finetuned.jsonl --price gpt-4o-mini=0.15,0.60 \\",
        "      --price 'ft:gpt-4o-mini*=0.30,1.20' --out usage.csv"})
final class EvaluateUsageCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "LOG", description = "Interaction logs (JSON Lines) to analyse together.")
  private List<Path> logs;

  @Mixin
  private PriceOptions priceOptions;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV file to write.")
  private Path out;

  @Option(names = "--force", description = "Replace the output file if it exists.")
  private boolean force;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    OutputFiles.checkDistinct(logs, List.of(out));
    PriceTable table = priceOptions.table();
    OutputFiles.checkWritable(out, force);
    UsageReport report = UsageReport.read(logs, table);
    report.writeCsv(out, force);
    if (report.groups().isEmpty()) {
      stderr.println("intervensi: the logs hold no interactions; wrote only the header to " + out);
      return ExitCodes.OK;
    }
    for (UsageGroup group : report.groups()) {
      print(stdout, group);
    }
    if (table.isEmpty()) {
      stderr.println("intervensi: no prices given, so no cost; add --input-price and --output-price or --price");
    }
    stderr.println("intervensi: read " + report.records() + " interactions; wrote " + out);
    return ExitCodes.OK;
  }

  private static void print(PrintWriter stdout, UsageGroup group) {
    stdout.println(group.generator() + " / " + group.model() + ": " + group.calls() + " answered, "
        + group.failures() + " failed, " + group.fallbacks() + " served by the fallback");
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-18s", "metric"));
    for (String column : DescriptiveSummary.COLUMNS) {
      header.append(String.format(Locale.ROOT, " %12s", column));
    }
    stdout.println(header);
    for (Map.Entry<String, DescriptiveSummary> metric : group.metrics().entrySet()) {
      boolean dollars = metric.getKey().equals("cost_usd");
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-18s %12d", metric.getKey(),
          metric.getValue().count()));
      for (double value : metric.getValue().values().subList(1, DescriptiveSummary.COLUMNS.size())) {
        row.append(Double.isNaN(value) ? String.format(Locale.ROOT, " %12s", "-")
            : String.format(Locale.ROOT, dollars ? " %12.6f" : " %12.2f", value));
      }
      stdout.println(row);
    }
    stdout.println();
  }
}
