package org.emodu.intervention.core.generation;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** What generators need of futures beyond the JDK's. */
final class Futures {

  private Futures() {}

  /**
   * Returns {@code dependent}, made to cancel {@code source} when it is cancelled itself. A future
   * derived with {@code thenApply} and the like does not pass a cancel back to the one it came from,
   * and a deadline cancels a late model call so that it stops working, and paying, for nobody.
   */
  static <T> CompletableFuture<T> cancelling(CompletableFuture<T> dependent, Future<?> source) {
    dependent.whenComplete((value, error) -> {
      if (dependent.isCancelled()) {
        source.cancel(true);
      }
    });
    return dependent;
  }
}
