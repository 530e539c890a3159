package org.emodu.intervention.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class ThreadsTest {

  private static final Runnable NOTHING = () -> {};

  @Test
  void daemonsAllCarryTheGivenName() {
    ThreadFactory factory = Threads.daemons("intervensi-validate");

    Thread first = factory.newThread(NOTHING);
    Thread second = factory.newThread(NOTHING);

    assertThat(first.getName()).isEqualTo("intervensi-validate");
    assertThat(second.getName()).isEqualTo("intervensi-validate");
    assertThat(first.isDaemon()).isTrue();
    assertThat(second.isDaemon()).isTrue();
  }

  @Test
  void numberedDaemonsCountFromOne() {
    ThreadFactory factory = Threads.numberedDaemons("intervensi-generate-");

    assertThat(factory.newThread(NOTHING)).satisfies(thread -> {
      assertThat(thread.getName()).isEqualTo("intervensi-generate-1");
      assertThat(thread.isDaemon()).isTrue();
    });
    assertThat(factory.newThread(NOTHING).getName()).isEqualTo("intervensi-generate-2");
  }

  @Test
  void forkJoinWorkersAreNumberedDaemons() throws Exception {
    ForkJoinPool pool = new ForkJoinPool(1, Threads.numberedForkJoinDaemons("intervensi-late-"), null, true);
    try {
      Thread worker = CompletableFuture.supplyAsync(Thread::currentThread, pool).get();

      assertThat(worker.getName()).isEqualTo("intervensi-late-1");
      assertThat(worker.isDaemon()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void startRunsTheTaskOnANamedDaemon() throws Exception {
    CompletableFuture<Thread> ran = new CompletableFuture<>();

    Thread thread = Threads.start("intervensi-deadlines", () -> ran.complete(Thread.currentThread()));

    assertThat(ran.get()).isSameAs(thread);
    assertThat(thread.getName()).isEqualTo("intervensi-deadlines");
    assertThat(thread.isDaemon()).isTrue();
  }
}
