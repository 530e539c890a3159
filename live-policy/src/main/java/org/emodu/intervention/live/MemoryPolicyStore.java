package org.emodu.intervention.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link PolicyStore} in this JVM: the default, for one server or a library user's own process.
 * Values expire by the store's clock (the system clock unless one is given); expired entries are
 * dropped when next touched and by a sweep every few thousand writes, so that a long-running
 * server's memory follows the classes that are live, not all it has seen. Thread-safe; every
 * operation is atomic for its key.
 */
public final class MemoryPolicyStore implements PolicyStore {

  /** How many writes pass between sweeps of expired entries. */
  private static final int SWEEP_EVERY = 4096;

  private record Entry(byte[] value, long version, long count, long expiresAtMillis) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final AtomicLong writes = new AtomicLong();

  /** A store whose values expire by the system clock. */
  public MemoryPolicyStore() {
    this(Clock.systemUTC());
  }

  /** A store whose values expire by {@code clock}: a fixed or simulated clock in tests and simulations. */
  public MemoryPolicyStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<Versioned> read(String key) {
    Objects.requireNonNull(key, "key");
    Entry entry = entries.get(key);
    if (entry == null || expired(entry) || entry.value() == null) {
      return Optional.empty();
    }
    return Optional.of(new Versioned(entry.value().clone(), entry.version()));
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, byte[] value, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long ttlMillis = positiveMillis(ttl, "ttl");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must be 0 (absent) or more, got " + expectedVersion);
    }
    byte[] copy = value.clone();
    boolean[] written = new boolean[1];
    entries.compute(key, (unused, current) -> {
      Entry live = current == null || expired(current) ? null : current;
      long version = live == null ? 0 : live.version();
      if (version != expectedVersion) {
        return live;
      }
      written[0] = true;
      return new Entry(copy, version + 1, 0, clock.millis() + ttlMillis);
    });
    sweepNowAndThen();
    return written[0];
  }

  @Override
  public boolean tryAcquire(String key, Instant at, Duration window, int limit) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(at, "at");
    long windowMillis = positiveMillis(window, "window");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    String counterKey = key + ":" + Math.floorDiv(at.toEpochMilli(), windowMillis);
    boolean[] taken = new boolean[1];
    entries.compute(counterKey, (unused, current) -> {
      Entry live = current == null || expired(current) ? null : current;
      long count = live == null ? 0 : live.count();
      if (count >= limit) {
        return live;
      }
      taken[0] = true;
      // The count lives for two windows from its first permit: past its own window, whatever the clocks.
      long expiresAt = live == null ? clock.millis() + 2 * windowMillis : live.expiresAtMillis();
      return new Entry(null, 0, count + 1, expiresAt);
    });
    sweepNowAndThen();
    return taken[0];
  }

  /** Always: the state is in this JVM. */
  @Override
  public boolean available() {
    return true;
  }

  /** Forgets everything. */
  @Override
  public void close() {
    entries.clear();
  }

  /** The time {@code key} has left, empty when it is absent or expired. */
  Optional<Duration> timeToLive(String key) {
    Entry entry = entries.get(key);
    if (entry == null || expired(entry)) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(entry.expiresAtMillis() - clock.millis()));
  }

  /** How many keys are held, expired ones not yet swept included. */
  int size() {
    return entries.size();
  }

  /** Drops every expired entry now. */
  void sweep() {
    entries.entrySet().removeIf(entry -> expired(entry.getValue()));
  }

  private void sweepNowAndThen() {
    if (writes.incrementAndGet() % SWEEP_EVERY == 0) {
      sweep();
    }
  }

  private boolean expired(Entry entry) {
    return clock.millis() >= entry.expiresAtMillis();
  }

  private static long positiveMillis(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.toMillis() < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 ms, got " + duration);
    }
    return duration.toMillis();
  }
}
