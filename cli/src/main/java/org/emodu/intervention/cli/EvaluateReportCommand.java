package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.evaluation.Bootstrap;
import org.emodu.intervention.evaluation.experiment.ExperimentSummary;
import org.emodu.intervention.evaluation.report.ChartFiles;
import org.emodu.intervention.evaluation.report.ExperimentReport;
import org.emodu.intervention.evaluation.report.ReportLanguage;
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
        "Writes an experiment's report: one self-contained HTML file with the charts embedded, a Markdown twin"
            + " beside it, the confidence intervals and paired tests as CSV, and the charts as PNG, PDF and SVG in a"
            + " folder named after the report."},
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

  @Option(names = "--lang", paramLabel = "en|id", defaultValue = "en",
      description = "Language of the headings, captions and chart labels: en (English, default) or id (Indonesian).")
  private String lang;

  @Option(names = "--smoothing", paramLabel = "W", defaultValue = "0.6",
      description = "Weight of the bias-corrected moving average drawn over the loss and accuracy curves, from 0"
          + " (none) to below 1 (default ${DEFAULT-VALUE}).")
  private double smoothing;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the bootstrap confidence intervals (default ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--resamples", paramLabel = "N", defaultValue = "10000",
      description = "Bootstrap resamples per interval (default ${DEFAULT-VALUE}).")
  private int resamples;

  @Option(names = "--dpi", paramLabel = "N", defaultValue = "300",
      description = "Resolution of the PNG chart files, 72 to 600 (default ${DEFAULT-VALUE}); PDF and SVG are vectors.")
  private int dpi;

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
    ExperimentReport.Options options = options();
    ExperimentSummary summary = ExperimentSummary.read(experiment);
    Optional<TrainingCurve> training = Optional.ofNullable(metrics).map(TrainingCurve::read);
    Path charts = out.resolveSibling(name.substring(0, name.length() - 5) + "-charts");
    ExperimentReport.Written written = new ExperimentReport(summary, training, options).write(out, charts, force);
    stdout.println("report    " + written.html());
    stdout.println("markdown  " + written.markdown());
    written.statistics().ifPresent(file -> stdout.println("intervals " + file));
    for (ChartFiles chart : written.charts()) {
      stdout.println("chart     " + chart.png() + ", " + chart.pdf() + ", " + chart.svg());
    }
    return ExitCodes.OK;
  }

  private ExperimentReport.Options options() {
    ReportLanguage language;
    try {
      language = ReportLanguage.of(lang);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--lang " + lang + " is not known; use en (English) or id (Indonesian)", e);
    }
    if (!(smoothing >= 0 && smoothing < 1)) {
      throw new IllegalArgumentException("--smoothing must be from 0 (none) to below 1, got " + smoothing);
    }
    if (resamples < 100 || resamples > 10_000_000) {
      throw new IllegalArgumentException("--resamples must be from 100 to 10000000, got " + resamples);
    }
    if (dpi < 72 || dpi > 600) {
      throw new IllegalArgumentException("--dpi must be from 72 to 600, got " + dpi);
    }
    return new ExperimentReport.Options(language, smoothing, Bootstrap.of(resamples, seed, 0.95), dpi);
  }
}
