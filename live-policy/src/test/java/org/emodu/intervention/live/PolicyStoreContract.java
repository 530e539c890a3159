package org.emodu.intervention.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PolicyStore} promises. A store's test extends this class and says how to make
 * a fresh, empty store and how to read a key's remaining time to live.
 */
public abstract class PolicyStoreContract {

  /** A window start, so that the tests' instants fall well inside one window. */
  protected static final Instant MINUTE = Instant.parse("2026-01-05T08:00:00Z");

  protected PolicyStore store;

  /** A fresh store with no keys of its own (another store's keys may share the server, under other names). */
  protected abstract PolicyStore newStore();

  /** The time {@code key} has left to live in {@code store}, empty when it has no expiry or is absent. */
  protected abstract Optional<Duration> timeToLive(PolicyStore store, String key);

  /** A key no other test (nor another run against a shared server) uses. */
  protected String key(String name) {
    return "intervensi:test:" + getClass().getSimpleName() + ":" + name + ":" + System.nanoTime();
  }

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void readsNothingUnderAnAbsentKey() {
    assertThat(store.read(key("absent"))).isEmpty();
  }

  @Test
  void createsAnAbsentKeyExpectingVersionZero() {
    String key = key("create");
    assertThat(store.compareAndSet(key, 0, bytes("one"), Duration.ofMinutes(1))).isTrue();
    PolicyStore.Versioned read = store.read(key).orElseThrow();
    assertThat(read.value()).isEqualTo(bytes("one"));
    assertThat(read.version()).isEqualTo(1);
  }

  @Test
  void refusesToCreateAKeyThatIsPresent() {
    String key = key("present");
    store.compareAndSet(key, 0, bytes("one"), Duration.ofMinutes(1));
    assertThat(store.compareAndSet(key, 0, bytes("two"), Duration.ofMinutes(1))).isFalse();
    assertThat(store.read(key).orElseThrow().value()).isEqualTo(bytes("one"));
  }

  @Test
  void writesOnlyOverTheExpectedVersionAndCountsVersionsUp() {
    String key = key("versions");
    store.compareAndSet(key, 0, bytes("one"), Duration.ofMinutes(1));
    assertThat(store.compareAndSet(key, 1, bytes("two"), Duration.ofMinutes(1))).isTrue();
    assertThat(store.compareAndSet(key, 1, bytes("stale"), Duration.ofMinutes(1))).isFalse();
    assertThat(store.compareAndSet(key, 5, bytes("future"), Duration.ofMinutes(1))).isFalse();
    PolicyStore.Versioned read = store.read(key).orElseThrow();
    assertThat(read.value()).isEqualTo(bytes("two"));
    assertThat(read.version()).isEqualTo(2);
  }

  @Test
  void refusesAnyVersionButZeroForAnAbsentKey() {
    assertThat(store.compareAndSet(key("absent-version"), 1, bytes("one"), Duration.ofMinutes(1))).isFalse();
  }

  @Test
  void keepsEveryByteOfAValue() {
    String key = key("binary");
    byte[] value = new byte[256];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) i;
    }
    store.compareAndSet(key, 0, value, Duration.ofMinutes(1));
    assertThat(store.read(key).orElseThrow().value()).isEqualTo(value);
  }

  @Test
  void keepsKeysApart() {
    String first = key("first");
    String second = key("second");
    store.compareAndSet(first, 0, bytes("one"), Duration.ofMinutes(1));
    assertThat(store.read(second)).isEmpty();
    assertThat(store.compareAndSet(second, 0, bytes("two"), Duration.ofMinutes(1))).isTrue();
    assertThat(store.read(first).orElseThrow().value()).isEqualTo(bytes("one"));
  }

  @Test
  void givesEveryWriteItsTimeToLive() {
    String key = key("ttl");
    store.compareAndSet(key, 0, bytes("one"), Duration.ofMinutes(10));
    assertThat(timeToLive(store, key)).hasValueSatisfying(left ->
        assertThat(left).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10)));
    store.compareAndSet(key, 1, bytes("two"), Duration.ofMinutes(2));
    assertThat(timeToLive(store, key)).hasValueSatisfying(left ->
        assertThat(left).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(2)));
  }

  @Test
  void givesLimitPermitsInAWindow() {
    String key = key("permits");
    Instant at = MINUTE.plusSeconds(10);
    for (int i = 0; i < 3; i++) {
      assertThat(store.tryAcquire(key, at.plusSeconds(i), Duration.ofMinutes(1), 3)).isTrue();
    }
    assertThat(store.tryAcquire(key, at.plusSeconds(30), Duration.ofMinutes(1), 3)).isFalse();
  }

  @Test
  void startsEachWindowWithItsOwnPermits() {
    String key = key("windows");
    assertThat(store.tryAcquire(key, MINUTE.plusSeconds(59), Duration.ofMinutes(1), 1)).isTrue();
    assertThat(store.tryAcquire(key, MINUTE.plusSeconds(59), Duration.ofMinutes(1), 1)).isFalse();
    assertThat(store.tryAcquire(key, MINUTE.plusSeconds(60), Duration.ofMinutes(1), 1)).isTrue();
  }

  @Test
  void keepsPermitsOfKeysApart() {
    String first = key("budget-a");
    String second = key("budget-b");
    assertThat(store.tryAcquire(first, MINUTE, Duration.ofMinutes(1), 1)).isTrue();
    assertThat(store.tryAcquire(second, MINUTE, Duration.ofMinutes(1), 1)).isTrue();
    assertThat(store.tryAcquire(first, MINUTE, Duration.ofMinutes(1), 1)).isFalse();
  }

  @Test
  void saysItIsAvailable() {
    assertThat(store.available()).isTrue();
  }

  @Test
  void letsExactlyOneOfManyRacingWritersWin() throws Exception {
    String key = key("race");
    store.compareAndSet(key, 0, bytes("start"), Duration.ofMinutes(1));
    List<Boolean> results = race(16, writer -> store.compareAndSet(key, 1, bytes("writer " + writer),
        Duration.ofMinutes(1)));
    assertThat(results).containsOnlyOnce(true);
    assertThat(store.read(key).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void neverGivesMorePermitsThanTheLimitToRacingTakers() throws Exception {
    String key = key("permit-race");
    List<Boolean> results = race(16, taker -> store.tryAcquire(key, MINUTE.plusSeconds(1), Duration.ofMinutes(1), 5));
    assertThat(results.stream().filter(taken -> taken)).hasSize(5);
  }

  /** Runs {@code work} on {@code threads} threads released at once, and returns what each returned. */
  protected static <T> List<T> race(int threads, java.util.function.IntFunction<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        Callable<T> task = () -> {
          ready.countDown();
          go.await();
          return work.apply(index);
        };
        futures.add(pool.submit(task));
      }
      ready.await();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
