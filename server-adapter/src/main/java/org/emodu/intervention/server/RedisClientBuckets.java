package org.emodu.intervention.server;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import org.emodu.intervention.live.redis.RedisPolicyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-client rate limit in Redis, through Bucket4j's Lettuce back end on the connection of the
 * live-class state store: every instance that names the same Redis draws one client's requests from
 * one bucket, under {@code intervensi:rate:<client>}, which expires once it would be full again.
 *
 * <p>While Redis is unavailable each instance limits on its own (a bucket in this JVM), so a Redis
 * outage neither stops the server nor lifts the limit; every such request is counted as
 * {@code intervensi_state_unavailable_total{operation="rateLimit"}}.
 */
final class RedisClientBuckets implements ClientBuckets {

  static final String PREFIX = "intervensi:rate:";

  private static final Logger log = LoggerFactory.getLogger(RedisClientBuckets.class);

  private final ProxyManager<String> buckets;
  private final BucketConfiguration configuration;
  private final ClientBuckets local;
  private final ServerMetrics metrics;
  private final String address;

  RedisClientBuckets(RedisPolicyStore store, int ratePerMinute, ServerMetrics metrics) {
    this.buckets = new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(api(store))
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
        .build();
    this.configuration = ClientBuckets.perMinute(ratePerMinute);
    this.local = ClientBuckets.memory(ratePerMinute);
    this.metrics = metrics;
    this.address = store.address();
  }

  @Override
  public ConsumptionProbe consume(String client) {
    try {
      return buckets.builder().build(PREFIX + client, configuration).tryConsumeAndReturnRemaining(1);
    } catch (RuntimeException e) {
      metrics.stateUnavailable("rateLimit");
      log.debug("rate limit in Redis at {} unavailable, limiting in this instance: {}", address, e.toString());
      return local.consume(client);
    }
  }

  /** Bucket4j's view of the store's connection, asked for at each command so that a reconnected one is used. */
  private static RedisApi<String> api(RedisPolicyStore store) {
    return new StoreApi<>(store);
  }

  /**
   * Generic in the key because Bucket4j hands its keys over in an {@code Object[]}; each is a
   * {@code String} (the proxy manager's key type), copied into the {@code String[]} Lettuce wants.
   */
  private static final class StoreApi<K> implements RedisApi<K> {
    private final RedisPolicyStore store;

    StoreApi(RedisPolicyStore store) {
      this.store = store;
    }

    @Override
    public <V> RedisFuture<V> eval(String script, ScriptOutputType type, K[] keys, byte[][] arguments) {
      String[] names = new String[keys.length];
      for (int i = 0; i < keys.length; i++) {
        names[i] = (String) keys[i];
      }
      return store.async().eval(script, type, names, arguments);
    }

    @Override
    public RedisFuture<byte[]> get(K key) {
      return store.async().get((String) key);
    }

    @Override
    public RedisFuture<?> delete(K key) {
      return store.async().del((String) key);
    }
  }
}
