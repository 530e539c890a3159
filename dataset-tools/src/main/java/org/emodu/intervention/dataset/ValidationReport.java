package org.emodu.intervention.dataset;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The outcome of validating a chat fine-tuning file: the errors found (the first
 * {@code errors().size()} of {@link #totalErrors()}, in line order), how many of each kind, and the
 * file's {@link FileStatistics}.
 *
 * @param lines lines read, blank ones included
 * @param errors the errors kept, at most the validator's cap
 * @param totalErrors every error found, kept or not
 * @param countsByKind every error found, per kind, kinds in the alphabetical order of their codes
 * @param statistics sizes, tokens and cost figures
 */
public record ValidationReport(
    long lines,
    List<ValidationError> errors,
    long totalErrors,
    Map<ValidationError.Kind, Long> countsByKind,
    FileStatistics statistics) {

  public ValidationReport {
    errors = List.copyOf(errors);
    Map<ValidationError.Kind, Long> byCode = new TreeMap<>(Comparator.comparing(ValidationError.Kind::code));
    byCode.putAll(countsByKind);
    countsByKind = Collections.unmodifiableMap(byCode);
    Objects.requireNonNull(statistics, "statistics");
    if (totalErrors < errors.size()) {
      throw new IllegalArgumentException("totalErrors " + totalErrors + " is less than the errors kept, " + errors.size());
    }
  }

  /** Whether the file has no error at all: it can be uploaded for fine-tuning as it is. */
  @com.fasterxml.jackson.annotation.JsonProperty("valid")
  public boolean valid() {
    return totalErrors == 0;
  }

  /** Whether some errors were counted but not kept. */
  @com.fasterxml.jackson.annotation.JsonProperty("truncated")
  public boolean truncated() {
    return totalErrors > errors.size();
  }
}
