package org.emodu.intervention.finetune;

import java.time.Duration;

/**
 * Hears what {@link FineTuneClient#follow} sees while a job runs. Every method has a do-nothing
 * default, so a listener overrides only what it shows. Calls come from the following thread, in order.
 */
public interface FollowListener {

  /** Does nothing. */
  FollowListener SILENT = new FollowListener() {};

  /** The job's status changed (and once at the start). */
  default void status(JobSnapshot job) {}

  /** A new event, each exactly once and oldest first. */
  default void event(JobEvent event) {}

  /** Training reached {@code step} of {@code totalSteps}, from a metrics event. */
  default void progress(long step, long totalSteps) {}

  /** The server could not be asked; following goes on after {@code retryIn}. */
  default void unreachable(String problem, Duration retryIn) {}
}
