package org.emodu.intervention.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.emodu.intervention.live.PolicyStore;
import org.emodu.intervention.live.StateUnavailableException;

/**
 * The live-class policy's store as the server runs it: each operation that finds the state
 * unavailable is counted in {@code intervensi_state_unavailable_total} by operation before the
 * exception goes on to the policy, which then answers {@code wait} with reason
 * {@code state-unavailable}. A decision stops at its first failed operation, so the count is the
 * number of decisions the state could not be had for.
 */
final class MeteredPolicyStore implements PolicyStore {

  private final PolicyStore store;
  private final ServerMetrics metrics;

  MeteredPolicyStore(PolicyStore store, ServerMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  /** The store underneath. */
  PolicyStore unwrapped() {
    return store;
  }

  @Override
  public Optional<Versioned> read(String key) {
    try {
      return store.read(key);
    } catch (StateUnavailableException e) {
      metrics.stateUnavailable("read");
      throw e;
    }
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, byte[] value, Duration ttl) {
    try {
      return store.compareAndSet(key, expectedVersion, value, ttl);
    } catch (StateUnavailableException e) {
      metrics.stateUnavailable("compareAndSet");
      throw e;
    }
  }

  @Override
  public boolean tryAcquire(String key, Instant at, Duration window, int limit) {
    try {
      return store.tryAcquire(key, at, window, limit);
    } catch (StateUnavailableException e) {
      metrics.stateUnavailable("tryAcquire");
      throw e;
    }
  }

  @Override
  public boolean available() {
    return store.available();
  }

  @Override
  public void close() {
    store.close();
  }
}
