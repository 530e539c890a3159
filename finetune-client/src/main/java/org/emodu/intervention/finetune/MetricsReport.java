package org.emodu.intervention.finetune;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link FineTuneClient#metrics} wrote: the result files as downloaded, the tidy CSV (see
 * {@link MetricsCsv}), and the parsed steps for callers that chart them directly.
 */
public record MetricsReport(String jobId, List<Path> resultFiles, Path tidyFile, List<MetricsRow> rows) {

  public MetricsReport {
    Objects.requireNonNull(jobId, "jobId");
    resultFiles = List.copyOf(resultFiles);
    Objects.requireNonNull(tidyFile, "tidyFile");
    rows = List.copyOf(rows);
  }

  /** The last step with a training loss. */
  public Optional<MetricsRow> lastTraining() {
    return rows.stream().filter(row -> row.trainLoss().isPresent()).reduce((first, second) -> second);
  }

  /** The last step with a validation loss. */
  public Optional<MetricsRow> lastValidation() {
    return rows.stream().filter(row -> row.validLoss().isPresent()).reduce((first, second) -> second);
  }

  /** The step with the lowest validation loss. */
  public Optional<MetricsRow> bestValidation() {
    return rows.stream().filter(row -> row.validLoss().isPresent())
        .min(Comparator.comparingDouble(row -> row.validLoss().orElseThrow()));
  }
}
