package org.emodu.intervention.core.internal;

import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinPool.ForkJoinWorkerThreadFactory;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The toolkit's own threads: all daemons, so that no pool or background keeper of ours ever holds
 * the JVM open, and all named {@code intervensi-...}, so that a thread dump says whose they are.
 * Every place that makes a thread makes it here.
 */
public final class Threads {

  private Threads() {}

  /** Daemon threads that all carry {@code name} (for a pool whose threads need not be told apart). */
  public static ThreadFactory daemons(String name) {
    Objects.requireNonNull(name, "name");
    return task -> daemon(new Thread(task, name));
  }

  /** Daemon threads named {@code prefix} and a number from 1: {@code intervensi-generate-1}, {@code -2}, ... */
  public static ThreadFactory numberedDaemons(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    AtomicInteger numbers = new AtomicInteger();
    return task -> daemon(new Thread(task, prefix + numbers.incrementAndGet()));
  }

  /** The same as {@link #numberedDaemons} for a {@link ForkJoinPool}. */
  public static ForkJoinWorkerThreadFactory numberedForkJoinDaemons(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    AtomicInteger numbers = new AtomicInteger();
    return pool -> {
      ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
      thread.setName(prefix + numbers.incrementAndGet());
      return daemon(thread);
    };
  }

  /** Starts {@code task} on a new daemon thread named {@code name}, and returns that thread. */
  public static Thread start(String name, Runnable task) {
    Thread thread = daemon(new Thread(Objects.requireNonNull(task, "task"), Objects.requireNonNull(name, "name")));
    thread.start();
    return thread;
  }

  private static <T extends Thread> T daemon(T thread) {
    thread.setDaemon(true);
    return thread;
  }
}
