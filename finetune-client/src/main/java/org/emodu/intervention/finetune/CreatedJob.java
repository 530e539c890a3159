package org.emodu.intervention.finetune;

import java.util.Objects;
import java.util.Optional;

/**
 * The job {@link FineTuneClient#create} created, with the uploads it needed. {@code recovered} is true
 * when an earlier run had already created it on the server but stopped before recording it.
 */
public record CreatedJob(JobSnapshot job, Optional<Upload> trainingUpload, Optional<Upload> validationUpload, boolean recovered) {

  public CreatedJob {
    Objects.requireNonNull(job, "job");
    trainingUpload = Objects.requireNonNullElse(trainingUpload, Optional.empty());
    validationUpload = Objects.requireNonNullElse(validationUpload, Optional.empty());
  }
}
