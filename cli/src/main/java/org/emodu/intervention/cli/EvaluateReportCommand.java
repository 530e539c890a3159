package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.evaluation.experiment.ExperimentSummary;
import org.emodu.intervention.evaluation.report.ChartFiles;
import org.emodu.intervention.evaluation.report.ExperimentReport;
import org.emodu.intervention.evaluation.report.TrainingCurve;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code intervensi evaluate report}: one HTML report (and its Markdown twin) of an experiment. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
        "Writes an experiment's report: one self-contained HTML file with the charts embedded, a Markdown twin",
        "beside it, and the charts as PNG and SVG in a folder named after the report."},
    footer = {"", "Example:",
        "  intervensi evaluate report --experiment results/experiment \\",
        "      --metrics results/finetune/ftjob-abc-metrics.csv --out results/report.html"})
final class EvaluateReportCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--experiment", required = true, paramLabel = "DIR",
      description = "The directory intervensi experiment run wrote.")
  private Path experiment;

  @Option(names = "--metrics", paramLabel = "FILE",
      description = "The fine-tuning metrics CSV (the job's result file or intervensi finetune metrics' tidy file)"
          + " for the loss chart.")
  private Path metrics;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The HTML report to write.")
  private Path out;

  @Option(names = "--force", description = "Replace the report if it exists.")
  private boolean force;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    String name = out.getFileName().toString();
    if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".html")) {
      throw new IllegalArgumentException("--out names the HTML report, a file ending in .html; got " + out);
    }
    List<Path> inputs = new ArrayList<>(List.of(experiment.resolve(ExperimentSummary.FILE)));
    Optional.ofNullable(metrics).ifPresent(inputs::add);
    Path markdown = out.resolveSibling(name.substring(0, name.length() - 5) + ".md");
    OutputFiles.checkDistinct(inputs, List.of(out, markdown));
    ExperimentSummary summary = ExperimentSummary.read(experiment);
    Optional<TrainingCurve> training = Optional.ofNullable(metrics).map(TrainingCurve::read);
    Path charts = out.resolveSibling(name.substring(0, name.length() - 5) + "-charts");
    ExperimentReport.Written written = new ExperimentReport(summary, training).write(out, charts, force);
    stdout.println("report    " + written.html());
    stdout.println("markdown  " + written.markdown());
    for (ChartFiles chart : written.charts()) {
      stdout.println("chart     " + chart.png() + ", " + chart.svg());
    }
    return ExitCodes.OK;
  }
}
