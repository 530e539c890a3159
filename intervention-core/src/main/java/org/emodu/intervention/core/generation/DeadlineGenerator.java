package org.emodu.intervention.core.generation;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.internal.BlockingWork;

/**
 * Bounds a generator by a deadline without a fallback: past the deadline the answer fails with a
 * {@link ModelException} of kind {@link ModelException.Kind#TIMEOUT} and the late call is
 * cancelled; an answer that breaks the output policy (and could not be repaired) fails with a
 * {@link ModelException} of kind {@link ModelException.Kind#MALFORMED_RESPONSE}, as a failed model
 * does, never passed off as an intervention. What the HTTP adapter runs when
 * {@code INTERVENSI_FALLBACK=off} (it answers the first 504 and the second 502); with the fallback
 * on, {@link FallbackGenerator} answers both cases offline instead.
 *
 * <p>The late answer is failed, and the late call cancelled, on {@code lateAnswers}, not on the
 * deadlines' thread: requests that arrived together time out together, and on that one thread
 * every one of their failures would be written after the one before it. Cancelling the returned
 * future cancels the delegate's call.
 */
public final class DeadlineGenerator implements InterventionGenerator {

  private final InterventionGenerator delegate;
  private final Duration deadline;
  private final Executor lateAnswers;

  /**
   * @param delegate the generator to bound, typically a model's
   * @param deadline how long the delegate may take; positive
   * @param lateAnswers where a late answer is failed and the late call cancelled
   */
  public DeadlineGenerator(InterventionGenerator delegate, Duration deadline, Executor lateAnswers) {
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("the deadline must be positive, got " + deadline);
    }
    this.delegate = delegate;
    this.deadline = deadline;
    this.lateAnswers = lateAnswers;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Intervention generate(InterventionRequest request) {
    return BlockingWork.join(generateAsync(request));
  }

  @Override
  public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
    CompletableFuture<Intervention> attempt;
    try {
      attempt = delegate.generateAsync(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Intervention> call = attempt;
    CompletableFuture<Intervention> bounded = Deadlines.within(call, deadline).exceptionallyComposeAsync(error -> {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof TimeoutException) {
        call.cancel(true);
        return CompletableFuture.failedFuture(new ModelException(ModelException.Kind.TIMEOUT,
            "the " + delegate.name() + " generator did not answer within " + deadline.toMillis() + " ms"));
      }
      return CompletableFuture.failedFuture(cause);
    }, lateAnswers);
    return Futures.cancelling(bounded.thenCompose(this::compliant), call);
  }

  private CompletableFuture<Intervention> compliant(Intervention intervention) {
    if (intervention.compliant()) {
      return CompletableFuture.completedFuture(intervention);
    }
    return CompletableFuture.failedFuture(new ModelException(ModelException.Kind.MALFORMED_RESPONSE, "the "
        + delegate.name() + " answer broke the output policy: " + String.join("; ", intervention.violations())));
  }
}
