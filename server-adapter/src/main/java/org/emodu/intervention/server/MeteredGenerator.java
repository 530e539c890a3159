package org.emodu.intervention.server;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.ModelException;

/**
 * Reports how each call of a model-backed generator ended, before any fallback hides it: a
 * compliant answer, an answer that broke the output policy, a failure of a given
 * {@link ModelException.Kind}, or a call abandoned at the deadline. Otherwise passes everything on.
 */
final class MeteredGenerator implements InterventionGenerator {

  private final InterventionGenerator delegate;
  private final Consumer<String> outcomes;

  MeteredGenerator(InterventionGenerator delegate, Consumer<String> outcomes) {
    this.delegate = delegate;
    this.outcomes = outcomes;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Intervention generate(InterventionRequest request) {
    try {
      Intervention intervention = delegate.generate(request);
      outcomes.accept(outcome(intervention, null));
      return intervention;
    } catch (RuntimeException e) {
      outcomes.accept(outcome(null, e));
      throw e;
    }
  }

  @Override
  public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
    CompletableFuture<Intervention> future;
    try {
      future = delegate.generateAsync(request);
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    // Observed on the returned future itself, so that a caller's cancel at the deadline counts too.
    future.whenComplete((intervention, error) -> outcomes.accept(outcome(intervention, error)));
    return future;
  }

  static String outcome(Intervention intervention, Throwable error) {
    if (error == null) {
      return intervention.compliant() ? "success" : "noncompliant";
    }
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof CancellationException) {
      return "deadline";
    }
    if (cause instanceof ModelException model) {
      return model.kind().name();
    }
    return "error";
  }
}
