package org.emodu.intervention.finetune;

/**
 * A job with the same training file and parameters is already queued, running or done, so creating
 * another would pay twice for the same model. Pass {@code force} to create one anyway.
 */
public class DuplicateJobException extends FineTuneException {

  private static final long serialVersionUID = 1L;

  private final transient JobRecord existing;

  public DuplicateJobException(JobRecord existing) {
    super("a job with the same training file and parameters already exists: " + existing.jobId()
        + " (" + existing.status() + existing.fineTunedModel().map(model -> ", model " + model).orElse("")
        + "); not creating another");
    this.existing = existing;
  }

  /** The job already recorded with these parameters. */
  public JobRecord existing() {
    return existing;
  }
}
