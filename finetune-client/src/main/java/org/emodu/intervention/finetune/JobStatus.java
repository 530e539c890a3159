package org.emodu.intervention.finetune;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a fine-tuning job stands, in the API's words. {@link #UNKNOWN} stands for any status this
 * toolkit does not know yet (a newer API may add some); it is treated as still in progress.
 */
public enum JobStatus {
  VALIDATING_FILES("validating_files"),
  QUEUED("queued"),
  RUNNING("running"),
  SUCCEEDED("succeeded"),
  FAILED("failed"),
  CANCELLED("cancelled"),
  UNKNOWN("unknown");

  private final String label;

  JobStatus(String label) {
    this.label = label;
  }

  /** The API's word for the status, also its JSON form. */
  @JsonValue
  public String label() {
    return label;
  }

  /** Whether the job has ended and will not change again. */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** The status for an API word, {@link #UNKNOWN} for words not listed here. */
  public static JobStatus parse(String label) {
    String wanted = label == null ? "" : label.strip().toLowerCase(Locale.ROOT);
    for (JobStatus status : values()) {
      if (status.label.equals(wanted)) {
        return status;
      }
    }
    return UNKNOWN;
  }
}
