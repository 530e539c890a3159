package org.emodu.intervention.finetune;

import java.time.Instant;
import java.util.Objects;

/**
 * A job creation that was started but not yet recorded as done. The request carries
 * {@code requestId} in the job's metadata, so after a crash the next identical request finds the job
 * the server did create instead of paying for a second one.
 */
record PendingJob(String requestId, String fingerprint, JobParameters parameters, Instant startedAt) {

  PendingJob {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(startedAt, "startedAt");
  }
}
