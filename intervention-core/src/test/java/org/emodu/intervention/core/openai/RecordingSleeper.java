package org.emodu.intervention.core.openai;

import com.openai.core.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the SDK's retry waits instead of sleeping, so retry tests take no time. */
final class RecordingSleeper implements Sleeper {

  final List<Duration> waits = new CopyOnWriteArrayList<>();

  @Override
  public void sleep(Duration duration) {
    waits.add(duration);
  }

  @Override
  public CompletableFuture<Void> sleepAsync(Duration duration) {
    waits.add(duration);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {}
}
