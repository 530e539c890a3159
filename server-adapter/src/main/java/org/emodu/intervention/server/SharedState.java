package org.emodu.intervention.server;

import java.time.Duration;
import java.util.Optional;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.SettingsException;
import org.emodu.intervention.live.PolicyStore;
import org.emodu.intervention.live.redis.PolicyStores;
import org.emodu.intervention.live.redis.RedisPolicyStore;

/**
 * The state the server keeps beyond one request, chosen by {@value ServerSettings#STATE}: the
 * live-class policy's store and the per-client rate limit's buckets. In memory (the default) both
 * live in this JVM; with {@code redis://host:port[/db]} both live in that Redis, so several
 * instances behind a load balancer share students, classes and clients. While that Redis does not
 * answer, {@code /readyz} says so, the policy waits and each instance rate-limits on its own.
 */
final class SharedState implements AutoCloseable {

  /** Opens the state once the server's meters exist. */
  interface Opener {
    SharedState open(ServerMetrics metrics);
  }

  private final MeteredPolicyStore store;
  private final ServerMetrics metrics;

  private SharedState(MeteredPolicyStore store, ServerMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  /**
   * Opens the store the settings name; a Redis that does not answer yet is connected to later.
   *
   * @throws SettingsException naming {@value ServerSettings#STATE} when its value is neither form
   */
  static SharedState open(Settings settings, ServerMetrics metrics) {
    String state = settings.get(ServerSettings.STATE, PolicyStores.MEMORY);
    Duration timeout = settings.millis(ServerSettings.STATE_TIMEOUT, PolicyStores.DEFAULT_TIMEOUT);
    PolicyStore opened;
    try {
      opened = PolicyStores.open(state, timeout);
    } catch (IllegalArgumentException e) {
      throw new SettingsException(e.getMessage());
    }
    return new SharedState(new MeteredPolicyStore(opened, metrics), metrics);
  }

  /** The policy's store; its failures are counted. */
  PolicyStore store() {
    return store;
  }

  /** Whether the state is shared with other instances (Redis) rather than held in this JVM. */
  boolean shared() {
    return store.unwrapped() instanceof RedisPolicyStore;
  }

  /** {@code memory}, or {@code redis host:port/db} (never a password). */
  String describe() {
    return store.unwrapped() instanceof RedisPolicyStore redis ? "redis " + redis.address() : PolicyStores.MEMORY;
  }

  /** Why the server is not ready on account of its state, or empty when the store answers. */
  Optional<String> unavailable() {
    if (store.available()) {
      return Optional.empty();
    }
    return Optional.of("the live-class state (" + describe() + ") does not answer; the policy waits until it does");
  }

  /** The per-client rate limit's buckets, beside the policy's state. */
  ClientBuckets buckets(int ratePerMinute) {
    if (store.unwrapped() instanceof RedisPolicyStore redis) {
      return new RedisClientBuckets(redis, ratePerMinute, metrics);
    }
    return ClientBuckets.memory(ratePerMinute);
  }

  @Override
  public void close() {
    store.close();
  }
}
