package org.emodu.intervention.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.generation.DeadlineGenerator;

/**
 * Starts a generator's asynchronous call on an executor instead of the calling thread, and
 * returns at once; whatever waits on the answer then runs on that executor's thread. The server
 * uses it twice:
 *
 * <ul>
 *   <li>for the model: before the SDK hands a call to its HTTP client it builds and serialises the
 *       request on the caller's thread, which takes a millisecond or more while the JVM is still
 *       compiling that code (the first minutes after start, or under a trickle of requests). On a
 *       request thread that work would delay the request thread and the moment the deadline's
 *       clock starts; off it, the deadline runs from the request's arrival. The SDK hands each call
 *       to the common fork-join pool anyway ({@code thenComposeAsync}), so starting it there costs
 *       no extra thread. A cancel of a late call is passed on from {@link LateCancellations}, after
 *       the late answers.
 *   <li>for the fallback: deadlines fire on one thread (the core's {@code intervensi-deadlines}),
 *       and requests that arrived together time out together. Started there, every late request's
 *       fallback answer would be generated and written one after the other on that one thread; started on a
 *       pool of their own, they are written in parallel and the last of a burst is not held up by
 *       the others, nor by model calls being prepared. (Without the fallback, {@link DeadlineGenerator}
 *       fails late requests on the same pool.)
 *       (Should the pool finish a fallback before the deadlines' thread has chained its next step,
 *       that one answer is written from the deadlines' thread: slower, never wrong.)
 * </ul>
 */
final class OffThreadGenerator implements InterventionGenerator {

  private final InterventionGenerator delegate;
  private final Executor executor;
  private final Executor canceller;

  OffThreadGenerator(InterventionGenerator delegate, Executor executor) {
    this(delegate, executor, Runnable::run);
  }

  /**
   * As above, passing a cancel of the returned future on to the delegate's work on {@code canceller}
   * rather than on the thread that cancels: for the model, whose cancel wakes the HTTP client's
   * thread of the call ({@link LateCancellations}).
   */
  OffThreadGenerator(InterventionGenerator delegate, Executor executor, Executor canceller) {
    this.delegate = delegate;
    this.executor = executor;
    this.canceller = canceller;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Intervention generate(InterventionRequest request) {
    return delegate.generate(request);
  }

  /** Cancelling the returned future cancels the delegate's (on the canceller), or keeps it from starting. */
  @Override
  public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
    CompletableFuture<Intervention> result = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        if (result.isDone()) {
          return;
        }
        CompletableFuture<Intervention> generation;
        try {
          generation = delegate.generateAsync(request);
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
          return;
        }
        generation.whenComplete((intervention, error) -> {
          if (error == null) {
            result.complete(intervention);
          } else {
            result.completeExceptionally(error);
          }
        });
        result.whenComplete((intervention, error) -> {
          if (result.isCancelled()) {
            cancel(generation);
          }
        });
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  private void cancel(CompletableFuture<Intervention> generation) {
    try {
      canceller.execute(() -> generation.cancel(true));
    } catch (RejectedExecutionException e) {
      // Shutting down: cancel here rather than leave the call running.
      generation.cancel(true);
    }
  }
}
