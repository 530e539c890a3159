package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.emodu.intervention.finetune.FineTuneClient;
import org.emodu.intervention.finetune.MetricsCsv;
import org.emodu.intervention.finetune.MetricsReport;
import org.emodu.intervention.finetune.MetricsRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code intervensi finetune metrics JOB --out DIR}: the training curve, downloaded and tidied. */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description = {
        "Downloads a job's training metrics and writes them as a tidy CSV.",
        "The result files go into DIR as <file id>.csv, as the API wrote them; <job id>-metrics.csv beside"
            + " them holds one measurement a line: " + MetricsCsv.TIDY_HEADER + ", with split train, valid"
            + " or full_valid and metric loss or accuracy. Empty cells are left out."},
    footer = {"", "Example:", "  intervensi finetune metrics ftjob-abc123 --out results/finetune"})
final class FinetuneMetricsCommand implements Callable<Integer> {

  @ParentCommand
  private FinetuneCommand finetune;

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "JOB", description = "The job id (ftjob-...).")
  private String jobId;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The directory to write into (created if missing).")
  private Path out;

  @Option(names = "--force", description = "Replace files written before.")
  private boolean force;

  @Override
  public Integer call() throws Exception {
    return finetune.guarded(spec, () -> {
      try (FineTuneClient client = finetune.client()) {
        MetricsReport report = client.metrics(jobId, out, force);
        PrintWriter printed = spec.commandLine().getOut();
        report.resultFiles().forEach(file -> row(printed, "result file", file.toString()));
        row(printed, "tidy metrics", report.tidyFile().toString());
        row(printed, "steps", String.valueOf(report.rows().size()));
        report.lastTraining().ifPresent(row -> row(printed, "final train loss", loss(row, row.trainLoss().orElseThrow())));
        report.lastValidation().ifPresent(row -> row(printed, "final valid loss", loss(row, row.validLoss().orElseThrow())));
        report.bestValidation().ifPresent(row -> row(printed, "best valid loss", loss(row, row.validLoss().orElseThrow())));
        return ExitCodes.OK;
      }
    });
  }

  private static String loss(MetricsRow row, double value) {
    return String.format(Locale.ROOT, "%.5f (step %d)", value, row.step());
  }

  private static void row(PrintWriter out, String name, String value) {
    out.printf("%-17s %s%n", name, value);
  }
}
