package org.emodu.intervention.core.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

  @Test
  void failsWithATimeoutNoEarlierThanTheDeadline() {
    CompletableFuture<String> never = new CompletableFuture<>();
    long start = System.nanoTime();

    CompletableFuture<String> bounded = Deadlines.within(never, Duration.ofMillis(120));

    assertThatThrownBy(bounded::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(120));
    assertThat(never).as("the source is left as it is").isNotDone();
  }

  @Test
  void passesOnAnAnswerThatComesInTime() {
    CompletableFuture<String> answer = new CompletableFuture<>();
    CompletableFuture<String> bounded = Deadlines.within(answer, Duration.ofSeconds(30));

    answer.complete("halo");

    assertThat(bounded.join()).isEqualTo("halo");
  }

  @Test
  void passesOnAFailureThatComesInTime() {
    CompletableFuture<String> answer = new CompletableFuture<>();
    CompletableFuture<String> bounded = Deadlines.within(answer, Duration.ofSeconds(30));

    answer.completeExceptionally(new IllegalStateException("model down"));

    assertThatThrownBy(bounded::join).hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("model down");
  }

  @Test
  void copiesAnAlreadyCompletedFuture() {
    assertThat(Deadlines.within(CompletableFuture.completedFuture(7), Duration.ofMillis(1)).join()).isEqualTo(7);
  }

  @Test
  void cancellingTheCopyLeavesTheSourceRunning() {
    CompletableFuture<String> source = new CompletableFuture<>();
    Deadlines.within(source, Duration.ofSeconds(30)).cancel(true);

    assertThat(source).isNotCancelled().isNotDone();
  }

  @Test
  void keepsManyDeadlinesEachNoEarlierThanItsOwn() {
    List<CompletableFuture<Long>> firedAfter = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      long limitMs = 20 + 5L * i;
      long start = System.nanoTime();
      firedAfter.add(Deadlines.within(new CompletableFuture<Long>(), Duration.ofMillis(limitMs))
          .handle((value, error) -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) - limitMs));
    }

    for (CompletableFuture<Long> early : firedAfter) {
      assertThat(early.join()).as("milliseconds past its deadline").isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void acceptsADeadlineTooFarToCount() {
    CompletableFuture<String> answer = new CompletableFuture<>();
    CompletableFuture<String> bounded = Deadlines.within(answer, Duration.ofSeconds(Long.MAX_VALUE));
    answer.complete("nanti");

    assertThat(bounded.join()).isEqualTo("nanti");
  }

  @Test
  void rejectsALimitThatIsNotPositive() {
    assertThatThrownBy(() -> Deadlines.within(new CompletableFuture<>(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
  }
}
