package org.emodu.intervention.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.emodu.intervention.core.Deadlines;
import org.emodu.intervention.core.Futures;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.ModelException;

/**
 * Bounds a generator by a deadline without a fallback: past the deadline the answer fails with a
 * {@link ModelException} of kind {@link ModelException.Kind#TIMEOUT} and the late call is
 * cancelled; an answer that breaks the output policy (and could not be repaired) fails with a 502,
 * as a failed model does, never passed off as an intervention. What the server runs when
 * {@code INTERVENSI_FALLBACK=off}; with the fallback on, {@link org.emodu.intervention.core.FallbackGenerator}
 * answers both cases offline instead.
 *
 * <p>The late answer is failed, and the late call cancelled, on {@code lateAnswers}, not on the
 * deadlines' thread: requests that arrived together time out together, and on that one thread
 * every one of their 504s would be written after the one before it.
 */
final class DeadlineGenerator implements InterventionGenerator {

  private final InterventionGenerator delegate;
  private final Duration deadline;
  private final Executor lateAnswers;

  DeadlineGenerator(InterventionGenerator delegate, Duration deadline, Executor lateAnswers) {
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
    try {
      return generateAsync(request).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
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
    return CompletableFuture.failedFuture(ApiError.of(502, "model_failed", "the " + delegate.name()
        + " answer broke the output policy: " + String.join("; ", intervention.violations())));
  }
}
