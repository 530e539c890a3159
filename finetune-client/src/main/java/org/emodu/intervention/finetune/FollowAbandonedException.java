package org.emodu.intervention.finetune;

import java.time.Duration;

/**
 * Following a job stopped because the server could not be reached for longer than the
 * {@link PollPolicy#giveUpAfter()} limit. The job itself keeps running on the server; follow it again
 * later to pick up where this left off.
 */
public class FollowAbandonedException extends FineTuneException {

  private static final long serialVersionUID = 1L;

  private final String jobId;
  private final transient Duration unreachableFor;

  public FollowAbandonedException(String jobId, Duration unreachableFor, String lastError) {
    super("stopped following " + jobId + ": no answer for " + Durations.words(unreachableFor)
        + " (last error: " + lastError + "); the job keeps running on the server");
    this.jobId = jobId;
    this.unreachableFor = unreachableFor;
  }

  public String jobId() {
    return jobId;
  }

  public Duration unreachableFor() {
    return unreachableFor;
  }
}
