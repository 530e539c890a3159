package org.emodu.intervention.finetune;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One training step of a job's result file: the step number and the metrics that have a value at that
 * step, by the file's column names ({@code train_loss}, {@code train_accuracy}, {@code valid_loss},
 * {@code valid_mean_token_accuracy}, ...). Validation columns are usually empty except every few
 * steps, so they are simply absent here.
 */
public record MetricsRow(long step, Map<String, Double> values) {

  public MetricsRow {
    if (step < 0) {
      throw new IllegalArgumentException("a step cannot be negative, got " + step);
    }
    Objects.requireNonNull(values, "values");
    values.forEach((name, value) -> {
      Objects.requireNonNull(name, "metric name");
      if (value == null || !Double.isFinite(value)) {
        throw new IllegalArgumentException("metric " + name + " at step " + step + " must be a finite number, got " + value);
      }
    });
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public Optional<Double> value(String column) {
    return Optional.ofNullable(values.get(column));
  }

  public Optional<Double> trainLoss() {
    return value("train_loss");
  }

  public Optional<Double> validLoss() {
    return value("valid_loss");
  }
}
