package org.emodu.intervention.core.generation;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.emodu.intervention.core.internal.Threads;

/**
 * Deadlines that fall due on time. The JDK's own ({@code CompletableFuture.orTimeout}) sleeps
 * until the deadline, and on a virtual machine whose processors have gone idle such a sleep ends
 * 10 to 40 ms late (on the machine behind docs/BENCHMARKS.md); every deadline that fell due
 * meanwhile fires with it, so requests that should have been answered one after the other over
 * that time are answered late and in one burst. Short sleeps right after a wake-up end on time.
 *
 * <p>So one thread, {@code intervensi-deadlines}, keeps every deadline: it sleeps until
 * {@value #EARLY_MS} ms before the earliest one, then in steps of at most {@value #STEP_MS} ms
 * until it is due, and fails the future with a {@link TimeoutException} within about a
 * millisecond of its deadline. The steps cost about {@value #EARLY_MS}/{@value #STEP_MS} wake-ups
 * for each deadline that comes near, shared by all deadlines that come near together, and nothing
 * for the many that are removed, long before, because their answer came in time.
 *
 * <p>The thread only completes futures: work that depends on a deadline, such as a fallback
 * answer, should run on an executor of its own so that it does not hold up the next deadline.
 */
final class Deadlines {

  static final long EARLY_MS = 100;
  static final long STEP_MS = 2;
  private static final long EARLY_NANOS = TimeUnit.MILLISECONDS.toNanos(EARLY_MS);
  private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(STEP_MS);
  /** Deadlines further away than this (about 73 years) are treated as this far away. */
  private static final long LONGEST_NANOS = Long.MAX_VALUE / 4;

  private static final ConcurrentSkipListSet<Pending> PENDING = new ConcurrentSkipListSet<>();
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final Thread KEEPER = keeper();

  private Deadlines() {}

  /**
   * A copy of {@code future} that fails with a {@link TimeoutException} once {@code limit} has
   * passed from now, unless {@code future} completes first. Like {@code orTimeout} on a copy:
   * {@code future} itself is left as it is, and cancelling the copy does not cancel it.
   */
  static <T> CompletableFuture<T> within(CompletableFuture<T> future, Duration limit) {
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("the limit must be positive, got " + limit);
    }
    CompletableFuture<T> bounded = future.copy();
    if (bounded.isDone()) {
      return bounded;
    }
    long left = limit.compareTo(Duration.ofNanos(LONGEST_NANOS)) > 0 ? LONGEST_NANOS : limit.toNanos();
    Pending deadline = new Pending(System.nanoTime() + left, SEQUENCE.incrementAndGet(), bounded);
    PENDING.add(deadline);
    bounded.whenComplete((value, error) -> PENDING.remove(deadline));
    if (first() == deadline) {
      // The keeper may be sleeping towards a later deadline.
      LockSupport.unpark(KEEPER);
    }
    return bounded;
  }

  private static Thread keeper() {
    return Threads.start("intervensi-deadlines", Deadlines::keep);
  }

  private static void keep() {
    while (true) {
      Pending earliest = first();
      if (earliest == null) {
        LockSupport.park(Deadlines.class);
        continue;
      }
      long left = earliest.dueNanos - System.nanoTime();
      if (left <= 0) {
        if (PENDING.remove(earliest)) {
          earliest.future.completeExceptionally(new TimeoutException());
        }
      } else {
        LockSupport.parkNanos(Deadlines.class, left > EARLY_NANOS ? left - EARLY_NANOS : Math.min(left, STEP_NANOS));
      }
    }
  }

  /** The earliest deadline, or null when none is pending (the last may be removed at any moment). */
  private static Pending first() {
    try {
      return PENDING.first();
    } catch (java.util.NoSuchElementException e) {
      return null;
    }
  }

  /** One deadline, ordered by when it is due, then by when it was set. */
  private record Pending(long dueNanos, long sequence, CompletableFuture<?> future) implements Comparable<Pending> {

    @Override
    public int compareTo(Pending other) {
      int byDue = Long.compare(dueNanos - other.dueNanos, 0);
      return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
    }
  }
}
