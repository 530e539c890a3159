package org.emodu.intervention.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The pool for generators and chat backends that only know how to block (the default
 * {@code generateAsync} and {@code completeAsync} run their blocking call here). Cached and made of
 * daemon threads, so that a slow call never starves the common fork-join pool nor keeps the JVM alive.
 */
public final class BlockingWork {

  public static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(Threads.numberedDaemons("intervensi-generate-"));

  private BlockingWork() {}

  /**
   * Waits for {@code future} and returns its value, or throws what it failed with as a blocking
   * call would have thrown it: a {@link RuntimeException} or {@link Error} as itself, not wrapped
   * in a {@link CompletionException}. For a blocking method that joins its asynchronous twin.
   */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
