package org.emodu.intervention.finetune;

import com.openai.core.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A clock that only moves when something waits on it. It is the client's {@link Pause} and the SDK's
 * retry {@link Sleeper} at once, so tests see every wait and never sleep.
 */
final class FakeTime extends Clock implements Pause, Sleeper {

  private Instant now = Instant.parse("2024-11-27T09:30:00Z");
  private final List<Duration> pauses = new ArrayList<>();
  private final List<Duration> sdkSleeps = new ArrayList<>();
  private Runnable onPause = () -> {};

  @Override
  public synchronized void pause(Duration duration) {
    pauses.add(duration);
    now = now.plus(duration);
    onPause.run();
  }

  @Override
  public synchronized void sleep(Duration duration) {
    sdkSleeps.add(duration);
    now = now.plus(duration);
  }

  @Override
  public CompletableFuture<Void> sleepAsync(Duration duration) {
    sleep(duration);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {}

  /** Runs after every pause of the client: lets a test change the server between polls. */
  synchronized void onPause(Runnable action) {
    this.onPause = action;
  }

  synchronized List<Duration> pauses() {
    return List.copyOf(pauses);
  }

  synchronized List<Duration> sdkSleeps() {
    return List.copyOf(sdkSleeps);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
