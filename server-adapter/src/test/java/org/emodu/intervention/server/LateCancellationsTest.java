package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LateCancellationsTest {

  private static final Duration NEVER_GIVE_UP = Duration.ofMinutes(10);

  @Test
  void aCancelWaitsUntilNoLateAnswerIsBeingWritten() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    AtomicBoolean answering = new AtomicBoolean(true);
    CompletableFuture<Integer> askedWhenCancelled = new CompletableFuture<>();
    try (LateCancellations cancellations = new LateCancellations(() -> {
      // Still answering for the first three looks, then done.
      if (asked.incrementAndGet() > 3) {
        answering.set(false);
      }
      return answering.get();
    }, NEVER_GIVE_UP)) {
      cancellations.execute(() -> askedWhenCancelled.complete(asked.get()));

      assertThat(askedWhenCancelled.get(10, TimeUnit.SECONDS)).isGreaterThan(3);
      assertThat(answering).isFalse();
    }
  }

  @Test
  void aCancelRunsAfterItsLongestWaitEvenWhileAnswersKeepComing() throws Exception {
    CompletableFuture<String> cancelledOn = new CompletableFuture<>();
    try (LateCancellations cancellations = new LateCancellations(() -> true, Duration.ofMillis(20))) {
      cancellations.execute(() -> cancelledOn.complete(Thread.currentThread().getName()));

      assertThat(cancelledOn.get(10, TimeUnit.SECONDS)).isEqualTo("intervensi-cancel");
    }
  }

  @Test
  void closingCancelsWhatIsQueuedWithoutWaitingThenRefusesMore() {
    AtomicInteger cancelled = new AtomicInteger();
    LateCancellations cancellations = new LateCancellations(() -> true, NEVER_GIVE_UP);
    cancellations.execute(cancelled::incrementAndGet);
    cancellations.execute(cancelled::incrementAndGet);

    cancellations.close();

    assertThat(cancelled).hasValue(2);
    assertThatThrownBy(() -> cancellations.execute(cancelled::incrementAndGet))
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void aFailingCancelDoesNotStopTheOnesAfterIt() throws Exception {
    CompletableFuture<Void> second = new CompletableFuture<>();
    try (LateCancellations cancellations = new LateCancellations(() -> false, NEVER_GIVE_UP)) {
      cancellations.execute(() -> {
        throw new IllegalStateException("a broken cancel");
      });
      cancellations.execute(() -> second.complete(null));

      assertThat(second).succeedsWithin(Duration.ofSeconds(10));
    }
  }
}
