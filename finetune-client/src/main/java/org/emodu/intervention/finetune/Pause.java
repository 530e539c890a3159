package org.emodu.intervention.finetune;

import java.time.Duration;

/**
 * How the client waits between polls and retries. The system pause sleeps; tests pass one that
 * advances a fake clock instead, so they never sleep.
 */
@FunctionalInterface
public interface Pause {

  /** Waits for {@code duration}. */
  void pause(Duration duration) throws InterruptedException;

  /** Sleeps the current thread. */
  static Pause system() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
