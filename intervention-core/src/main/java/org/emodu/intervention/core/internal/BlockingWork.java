package org.emodu.intervention.core.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool for generators and chat backends that only know how to block (the default
 * {@code generateAsync} and {@code completeAsync} run their blocking call here). Cached and made of
 * daemon threads, so that a slow call never starves the common fork-join pool nor keeps the JVM alive.
 */
public final class BlockingWork {

  public static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(new DaemonThreads("intervensi-generate"));

  private BlockingWork() {}

  static final class DaemonThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    DaemonThreads(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
