package org.emodu.intervention.server;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the per-client rate limit keeps its buckets: in this JVM ({@link #memory}, the default) or
 * in the Redis that holds the live-class state ({@link RedisClientBuckets}), so that every instance
 * behind a load balancer counts one client's requests together.
 */
interface ClientBuckets {

  /** Takes one request from {@code client}'s allowance and tells whether it was left, and if not, when it will be. */
  ConsumptionProbe consume(String client);

  /** A bucket of {@code ratePerMinute} requests that refills evenly over a minute. */
  static BucketConfiguration perMinute(int ratePerMinute) {
    return BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(ratePerMinute).refillGreedy(ratePerMinute, Duration.ofMinutes(1)))
        .build();
  }

  /** Buckets in this JVM, one per client, idle full ones dropped once there are very many. */
  static ClientBuckets memory(int ratePerMinute) {
    return new Memory(ratePerMinute);
  }

  /** The buckets of one instance. */
  final class Memory implements ClientBuckets {

    /** Buckets kept before idle, full ones are dropped, so that many addresses cannot fill memory. */
    private static final int MAX_CLIENTS = 100_000;

    private final int ratePerMinute;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private Memory(int ratePerMinute) {
      this.ratePerMinute = ratePerMinute;
    }

    @Override
    public ConsumptionProbe consume(String client) {
      if (buckets.size() > MAX_CLIENTS) {
        buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= ratePerMinute);
      }
      return buckets.computeIfAbsent(client, unused -> Bucket.builder()
              .addLimit(limit -> limit.capacity(ratePerMinute).refillGreedy(ratePerMinute, Duration.ofMinutes(1)))
              .build())
          .tryConsumeAndReturnRemaining(1);
    }
  }
}
