package org.emodu.intervention.live;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an {@link InterventionPolicy} keeps its per-student and per-class state; one store may be
 * shared by many server instances. Values are opaque bytes under string keys, each with a version
 * and a time to live, changed only by compare-and-set, plus counters for a class's budget. The
 * policy computes every decision itself from what {@link #read} returned and writes it back with
 * {@link #compareAndSet}, so a store knows nothing of the policy; two policies (in one JVM or in
 * two servers) deciding about one student at once cannot both write, and the loser decides again
 * from the winner's state.
 *
 * <p>{@link MemoryPolicyStore} keeps the state in this JVM; a store shared by several servers
 * (Redis) lives in a module of its own. Every implementation passes {@code PolicyStoreContract}
 * (in this module's test jar). Implementations are thread-safe.
 *
 * <p>Operations throw {@link StateUnavailableException} when the state cannot be reached; the
 * policy then answers {@code wait} with reason {@code state-unavailable}, never an intervention.
 */
public interface PolicyStore extends AutoCloseable {

  /**
   * A stored value and its version; versions start at 1 and grow by one on every successful write.
   */
  record Versioned(byte[] value, long version) {
    public Versioned {
      Objects.requireNonNull(value, "value");
      if (version < 1) {
        throw new IllegalArgumentException("version must be at least 1, got " + version);
      }
    }
  }

  /**
   * The value under {@code key}, or empty when there is none or it has expired.
   *
   * @throws StateUnavailableException when the store cannot be reached
   */
  Optional<Versioned> read(String key);

  /**
   * Writes {@code value} under {@code key} if its version is still {@code expectedVersion}
   * ({@code 0}: the key must be absent), atomically, and lets it expire after {@code ttl}.
   *
   * @param ttl how long the value lives from now; at least 1 ms
   * @return whether the value was written; {@code false} when another writer came first (nothing written)
   * @throws StateUnavailableException when the store cannot be reached
   */
  boolean compareAndSet(String key, long expectedVersion, byte[] value, Duration ttl);

  /**
   * Takes one of {@code limit} permits in the fixed window of length {@code window} that contains
   * {@code at} (windows start at multiples of {@code window} since the epoch), atomically; the
   * window's count expires with it.
   *
   * @return whether a permit was taken; {@code false} when {@code limit} permits of that window are already taken
   * @throws StateUnavailableException when the store cannot be reached
   */
  boolean tryAcquire(String key, Instant at, Duration window, int limit);

  /** Whether the store answers now, for readiness; never throws. */
  boolean available();

  /** Releases connections. */
  @Override
  void close();
}
