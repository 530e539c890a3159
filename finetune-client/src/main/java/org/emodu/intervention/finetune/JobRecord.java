package org.emodu.intervention.finetune;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job the manifest knows: its id, the parameters it was created with (and their fingerprint), and
 * the status and fine-tuned model last seen.
 */
public record JobRecord(
    String jobId,
    String fingerprint,
    JobParameters parameters,
    String status,
    Optional<String> fineTunedModel,
    Instant createdAt,
    Instant updatedAt) {

  public JobRecord {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(status, "status");
    fineTunedModel = Objects.requireNonNullElse(fineTunedModel, Optional.empty());
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /**
   * Whether this job stands in the way of an identical one: queued, running or succeeded. A failed or
   * cancelled job produced no model, so trying again is not paying twice.
   */
  public boolean blocksDuplicates() {
    JobStatus parsed = JobStatus.parse(status);
    return parsed != JobStatus.FAILED && parsed != JobStatus.CANCELLED;
  }

  JobRecord withStatus(JobSnapshot job, Instant now) {
    return new JobRecord(jobId, fingerprint, parameters, job.statusLabel(), job.fineTunedModel(), createdAt, now);
  }
}
