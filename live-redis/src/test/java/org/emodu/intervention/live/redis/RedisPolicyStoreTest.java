package org.emodu.intervention.live.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.emodu.intervention.live.PolicyStore.Versioned;
import org.emodu.intervention.live.StateUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisPolicyStoreTest {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private static final Duration HOUR = Duration.ofHours(1);

  private RedisPolicyStore store;
  private String prefix;

  @BeforeEach
  void open(TestInfo test) {
    store = RedisPolicyStore.open(redis.uri());
    prefix = "intervensi:test:" + test.getTestMethod().orElseThrow().getName() + ":";
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void readsNothingUnderAKeyNeverWritten() {
    assertThat(store.read(prefix + "none")).isEmpty();
  }

  @Test
  void writesTheFirstVersionOnlyWhereTheKeyIsAbsent() {
    String key = prefix + "student";
    assertThat(store.compareAndSet(key, 0, bytes("one"), HOUR)).isTrue();
    assertThat(store.compareAndSet(key, 0, bytes("other"), HOUR)).isFalse();

    Versioned read = store.read(key).orElseThrow();
    assertThat(read.version()).isEqualTo(1);
    assertThat(text(read)).isEqualTo("one");
  }

  @Test
  void versionsGrowByOneOnEveryWriteAndAStaleVersionWritesNothing() {
    String key = prefix + "student";
    store.compareAndSet(key, 0, bytes("v1"), HOUR);
    assertThat(store.compareAndSet(key, 1, bytes("v2"), HOUR)).isTrue();
    assertThat(store.compareAndSet(key, 1, bytes("stale"), HOUR)).isFalse();
    assertThat(store.compareAndSet(key, 3, bytes("ahead"), HOUR)).isFalse();

    Versioned read = store.read(key).orElseThrow();
    assertThat(read.version()).isEqualTo(2);
    assertThat(text(read)).isEqualTo("v2");
  }

  @Test
  void refusesToWriteAVersionWhereTheKeyIsAbsent() {
    assertThat(store.compareAndSet(prefix + "absent", 1, bytes("x"), HOUR)).isFalse();
    assertThat(store.read(prefix + "absent")).isEmpty();
  }

  @Test
  void keepsArbitraryBytes() {
    byte[] value = new byte[256];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) i;
    }
    store.compareAndSet(prefix + "bytes", 0, value, HOUR);
    assertThat(store.read(prefix + "bytes").orElseThrow().value()).isEqualTo(value);
  }

  @Test
  void letsOneWriterWinEachVersionWhenManyThreadsRace() throws Exception {
    String key = prefix + "student";
    int threads = 12;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (long version = 0; version < 30; version++) {
        CountDownLatch start = new CountDownLatch(1);
        long expected = version;
        List<Future<Boolean>> attempts = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
          String value = "v" + version + "-t" + thread;
          attempts.add(pool.submit(() -> {
            start.await();
            return store.compareAndSet(key, expected, bytes(value), HOUR);
          }));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> attempt : attempts) {
          winners += attempt.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(winners).as("winners of version %d", version + 1).isEqualTo(1);
        assertThat(store.read(key).orElseThrow().version()).isEqualTo(version + 1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void losesNoUpdateWhenThreadsOfTwoStoresIncrementOneValue() throws Exception {
    String key = prefix + "counter";
    int threads = 8;
    int increments = 40;
    try (RedisPolicyStore other = RedisPolicyStore.open(redis.uri())) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Integer>> workers = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
          RedisPolicyStore mine = thread % 2 == 0 ? store : other;
          workers.add(pool.submit(incrementer(mine, key, increments)));
        }
        for (Future<Integer> worker : workers) {
          worker.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    }
    Versioned read = store.read(key).orElseThrow();
    assertThat(text(read)).isEqualTo(Integer.toString(threads * increments));
    assertThat(read.version()).isEqualTo(threads * increments);
  }

  @Test
  void sharesStateBetweenTwoStoresOnOneServer() {
    try (RedisPolicyStore other = RedisPolicyStore.open(redis.uri())) {
      store.compareAndSet(prefix + "student", 0, bytes("from one"), HOUR);
      assertThat(text(other.read(prefix + "student").orElseThrow())).isEqualTo("from one");
      assertThat(other.compareAndSet(prefix + "student", 0, bytes("late"), HOUR)).isFalse();
      assertThat(other.compareAndSet(prefix + "student", 1, bytes("from two"), HOUR)).isTrue();
      assertThat(text(store.read(prefix + "student").orElseThrow())).isEqualTo("from two");

      Instant at = Instant.parse("2026-12-02T10:00:00Z");
      assertThat(store.tryAcquire(prefix + "class", at, Duration.ofMinutes(1), 2)).isTrue();
      assertThat(other.tryAcquire(prefix + "class", at, Duration.ofMinutes(1), 2)).isTrue();
      assertThat(store.tryAcquire(prefix + "class", at, Duration.ofMinutes(1), 2)).isFalse();
    }
  }

  @Test
  void setsTheTimeToLiveOnEveryWrite() {
    String key = prefix + "student";
    store.compareAndSet(key, 0, bytes("one"), Duration.ofMinutes(10));
    assertThat(pttl(key)).isBetween(1L, 600_000L);
    store.compareAndSet(key, 1, bytes("two"), Duration.ofSeconds(30));
    assertThat(pttl(key)).isBetween(1L, 30_000L);
  }

  @Test
  void forgetsAnExpiredValueAndStartsItsVersionsAgain() {
    String key = prefix + "student";
    store.compareAndSet(key, 0, bytes("short-lived"), Duration.ofMillis(20));
    await("the value to expire", () -> store.read(key).isEmpty());

    assertThat(store.compareAndSet(key, 1, bytes("stale"), HOUR)).isFalse();
    assertThat(store.compareAndSet(key, 0, bytes("fresh"), HOUR)).isTrue();
    assertThat(store.read(key).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void countsPermitsPerFixedWindowAndStartsAfreshInTheNext() {
    String key = prefix + "class";
    Duration minute = Duration.ofMinutes(1);
    Instant windowStart = Instant.parse("2026-12-02T10:00:00Z");
    Instant lastMoment = windowStart.plus(minute).minusMillis(1);

    assertThat(store.tryAcquire(key, windowStart, minute, 3)).isTrue();
    assertThat(store.tryAcquire(key, windowStart.plusSeconds(20), minute, 3)).isTrue();
    assertThat(store.tryAcquire(key, lastMoment, minute, 3)).isTrue();
    assertThat(store.tryAcquire(key, lastMoment, minute, 3)).isFalse();
    assertThat(store.tryAcquire(key, windowStart, minute, 3)).isFalse();

    Instant next = windowStart.plus(minute);
    assertThat(store.tryAcquire(key, next, minute, 3)).isTrue();
    assertThat(store.tryAcquire(key, next.plusSeconds(59), minute, 3)).isTrue();
    assertThat(store.tryAcquire(key, next, minute, 3)).isTrue();
    assertThat(store.tryAcquire(key, next, minute, 3)).isFalse();
  }

  @Test
  void startsWindowsAtMultiplesOfTheirLengthSinceTheEpoch() {
    String key = prefix + "class";
    Duration window = Duration.ofSeconds(7);
    // 10 s and 13 s since the epoch lie in the window [7 s, 14 s); 14 s starts the next.
    assertThat(store.tryAcquire(key, Instant.ofEpochSecond(10), window, 1)).isTrue();
    assertThat(store.tryAcquire(key, Instant.ofEpochSecond(13), window, 1)).isFalse();
    assertThat(store.tryAcquire(key, Instant.ofEpochSecond(14), window, 1)).isTrue();
    assertThat(store.tryAcquire(key, Instant.ofEpochSecond(6), window, 1)).isTrue();
  }

  @Test
  void grantsExactlyTheLimitWhenManyThreadsAcquireAtOnce() throws Exception {
    String key = prefix + "class";
    Instant at = Instant.parse("2026-12-02T10:00:00Z");
    int threads = 12;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger granted = new AtomicInteger();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> tasks = new ArrayList<>();
      for (int thread = 0; thread < threads; thread++) {
        tasks.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 10; i++) {
            if (store.tryAcquire(key, at, Duration.ofMinutes(1), 6)) {
              granted.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> task : tasks) {
        task.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(granted).hasValue(6);
  }

  @Test
  void letsAWindowCountExpireTwoWindowsAfterItsFirstPermit() {
    String key = prefix + "class";
    Instant at = Instant.parse("2026-12-02T10:00:00Z");
    store.tryAcquire(key, at, Duration.ofMinutes(1), 6);
    assertThat(pttl(key + ":" + at.toEpochMilli())).isBetween(1L, 120_000L);
  }

  @Test
  void rejectsArgumentsItCannotStoreNamingThem() {
    assertThatThrownBy(() -> store.compareAndSet(prefix + "k", -1, bytes("x"), HOUR))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expectedVersion");
    assertThatThrownBy(() -> store.compareAndSet(prefix + "k", 0, bytes("x"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    assertThatThrownBy(() -> store.tryAcquire(prefix + "k", Instant.EPOCH, Duration.ofMinutes(-1), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    assertThatThrownBy(() -> store.tryAcquire(prefix + "k", Instant.EPOCH, Duration.ofMinutes(1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
  }

  @Test
  void reportsAnErrorReplyAsStateUnavailable() {
    String key = prefix + "string";
    try (RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> raw = client.connect()) {
      raw.sync().set(key, "not a hash");
    }
    assertThatThrownBy(() -> store.read(key))
        .isInstanceOf(StateUnavailableException.class)
        .hasMessageContaining(store.address())
        .hasMessageContaining("WRONGTYPE");
  }

  @Test
  void reportsASlowRedisAsStateUnavailableAfterTheTimeout() {
    try (RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> raw = client.connect()) {
      raw.sync().clientPause(1_000);
      assertThatThrownBy(() -> store.read(prefix + "student"))
          .isInstanceOf(StateUnavailableException.class)
          .hasMessageContaining(store.address())
          .hasMessageContaining("did not answer within 200 ms");
      assertThat(store.available()).isFalse();
    }
    await("the pause to end", store::available);
  }

  @Test
  void failsFastWhileRedisIsDownAndWorksAgainWhenItIsBack() {
    String key = prefix + "student";
    store.compareAndSet(key, 0, bytes("before"), HOUR);

    redis.stop();
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      assertThatThrownBy(() -> store.read(key))
          .isInstanceOf(StateUnavailableException.class)
          .hasMessageStartingWith("Redis at 127.0.0.1:" + redis.port() + "/0 ");
      assertThatThrownBy(() -> store.compareAndSet(key, 1, bytes("during"), HOUR))
          .isInstanceOf(StateUnavailableException.class);
      assertThatThrownBy(() -> store.tryAcquire(key, Instant.now(), Duration.ofMinutes(1), 1))
          .isInstanceOf(StateUnavailableException.class);
      assertThat(store.available()).isFalse();
    });

    redis.start();
    await("the store to reconnect", store::available);
    // The restarted Redis saved nothing and knows no script: both come back on their own.
    assertThat(store.read(key)).isEmpty();
    assertThat(store.compareAndSet(key, 0, bytes("after"), HOUR)).isTrue();
    assertThat(store.tryAcquire(key, Instant.now(), Duration.ofMinutes(1), 1)).isTrue();
  }

  @Test
  void opensWhileRedisIsDownAndConnectsOnceItAnswers() {
    redis.stop();
    try (RedisPolicyStore early = RedisPolicyStore.open(redis.uri())) {
      assertThat(early.available()).isFalse();
      assertThatThrownBy(() -> early.read(prefix + "student"))
          .isInstanceOf(StateUnavailableException.class)
          .hasMessageContaining(early.address());

      redis.start();
      await("the store to connect", early::available);
      assertThat(early.compareAndSet(prefix + "student", 0, bytes("first"), HOUR)).isTrue();
    }
  }

  @Test
  void keepsDatabasesApart() {
    try (RedisPolicyStore other = RedisPolicyStore.open(redis.uri() + "/1")) {
      assertThat(other.address()).endsWith("/1");
      store.compareAndSet(prefix + "student", 0, bytes("in zero"), HOUR);
      assertThat(other.read(prefix + "student")).isEmpty();
    }
  }

  @Test
  void answersAfterCloseWithStateUnavailable() {
    store.close();
    assertThatThrownBy(() -> store.read(prefix + "student")).isInstanceOf(StateUnavailableException.class);
    assertThat(store.available()).isFalse();
  }

  private static Callable<Integer> incrementer(RedisPolicyStore store, String key, int increments) {
    return () -> {
      for (int done = 0; done < increments; ) {
        Optional<Versioned> current = store.read(key);
        long version = current.map(Versioned::version).orElse(0L);
        int count = current.map(read -> Integer.parseInt(text(read))).orElse(0);
        if (store.compareAndSet(key, version, bytes(Integer.toString(count + 1)), HOUR)) {
          done++;
        }
      }
      return increments;
    };
  }

  private long pttl(String key) {
    try (RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> raw = client.connect()) {
      return raw.sync().pttl(key);
    }
  }

  /** Polls until the condition holds, failing after a generous deadline. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what);
      }
      Thread.onSpinWait();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private static String text(Versioned versioned) {
    return new String(versioned.value(), UTF_8);
  }
}
