package org.emodu.intervention.core.generation;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.log.InteractionLog;

/**
 * Writes every generation of another generator to an {@link InteractionLog}, failures included,
 * and otherwise changes nothing.
 */
public final class LoggedGenerator implements InterventionGenerator {

  private final InterventionGenerator delegate;
  private final InteractionLog log;
  private final String model;

  /**
   * @param model the model name to log for a failed generation, which has no answer to take it from
   */
  public LoggedGenerator(InterventionGenerator delegate, InteractionLog log, String model) {
    this.delegate = delegate;
    this.log = log;
    this.model = model;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Intervention generate(InterventionRequest request) {
    long start = System.nanoTime();
    try {
      Intervention intervention = delegate.generate(request);
      log.append(request, intervention);
      return intervention;
    } catch (RuntimeException e) {
      log.appendFailure(request, delegate.name(), model, e, elapsedMs(start));
      throw e;
    }
  }

  @Override
  public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
    long start = System.nanoTime();
    CompletableFuture<Intervention> generation = delegate.generateAsync(request);
    return Futures.cancelling(generation.whenComplete((intervention, error) -> {
      if (error == null) {
        log.append(request, intervention);
      } else {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        log.appendFailure(request, delegate.name(), model, cause, elapsedMs(start));
      }
    }), generation);
  }

  private static long elapsedMs(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
