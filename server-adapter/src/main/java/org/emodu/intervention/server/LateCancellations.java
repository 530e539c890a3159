package org.emodu.intervention.server;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.emodu.intervention.core.internal.Threads;

/**
 * Cancels late model calls on a thread of its own ({@code intervensi-cancel}), after the answers
 * that fell due with them. Cancelling a call that waits on its socket closes the socket; the HTTP
 * client's thread for that call then wakes to fail the attempt, and the SDK decides about a retry
 * and schedules it. That is a fraction of a millisecond of work per call once the JVM has compiled
 * it, and many times that on a fresh server. When the requests of a burst reach their deadline
 * together, all of it would run beside the writing of the answers still due, on two cores instead
 * of it, and the last answers of the burst would go out late.
 *
 * <p>So a cancel waits until no late answer is being written (the pool that writes them is idle),
 * or until it has waited {@value #MAX_WAIT_MS} ms, and cancels then: well before the call's own
 * timeout, which the server sets 250 ms past the deadline, would end it anyway. A cancel that finds
 * nothing being written runs within about a millisecond.
 */
final class LateCancellations implements Executor, AutoCloseable {

  /** The longest a cancel waits for the late answers to be written. */
  static final long MAX_WAIT_MS = 100;

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final Logger log = LoggerFactory.getLogger(LateCancellations.class);

  private record Queued(Runnable task, long queuedNanos) {}

  private static final Queued END = new Queued(() -> {}, 0);

  private final BooleanSupplier answering;
  private final long maxWaitNanos;
  private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  /** @param answering whether late answers are being written now */
  LateCancellations(BooleanSupplier answering) {
    this(answering, Duration.ofMillis(MAX_WAIT_MS));
  }

  LateCancellations(BooleanSupplier answering, Duration maxWait) {
    this.answering = answering;
    this.maxWaitNanos = maxWait.toNanos();
    this.thread = Threads.start("intervensi-cancel", this::run);
  }

  @Override
  public void execute(Runnable cancel) {
    if (closed) {
      throw new RejectedExecutionException("the server is stopping");
    }
    queue.add(new Queued(cancel, System.nanoTime()));
  }

  /** Cancels what is queued, without waiting any more, then stops the thread. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(END);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (true) {
      Queued next;
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (next == END) {
        return;
      }
      long due = next.queuedNanos() + maxWaitNanos;
      while (!closed && answering.getAsBoolean() && System.nanoTime() - due < 0) {
        LockSupport.parkNanos(this, POLL_NANOS);
      }
      try {
        next.task().run();
      } catch (RuntimeException e) {
        log.warn("cancelling a late model call failed: {}", e.toString());
      }
    }
  }
}
