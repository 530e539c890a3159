package org.emodu.intervention.core.internal;

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
}
