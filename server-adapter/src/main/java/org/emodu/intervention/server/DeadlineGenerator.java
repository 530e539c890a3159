package org.emodu.intervention.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * cancelled. What the server runs when {@code INTERVENSI_FALLBACK=off}.
 */
final class DeadlineGenerator implements InterventionGenerator {

  private final InterventionGenerator delegate;
  private final Duration deadline;

  DeadlineGenerator(InterventionGenerator delegate, Duration deadline) {
    this.delegate = delegate;
    this.deadline = deadline;
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
    return Futures.cancelling(Deadlines.within(call, deadline).exceptionallyCompose(error -> {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof TimeoutException) {
        call.cancel(true);
        return CompletableFuture.failedFuture(new ModelException(ModelException.Kind.TIMEOUT,
            "the " + delegate.name() + " generator did not answer within " + deadline.toMillis() + " ms"));
      }
      return CompletableFuture.failedFuture(cause);
    }), call);
  }
}
