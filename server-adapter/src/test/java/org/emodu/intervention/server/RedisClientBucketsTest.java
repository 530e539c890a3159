package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.emodu.intervention.live.redis.RedisPolicyStore;
import org.emodu.intervention.live.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisClientBucketsTest {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void drawsOneClientsRequestsFromOneBucketAcrossInstances() {
    ServerMetrics metrics = new ServerMetrics();
    try (RedisPolicyStore one = RedisPolicyStore.open(redis.uri()); RedisPolicyStore two = RedisPolicyStore.open(redis.uri())) {
      ClientBuckets first = new RedisClientBuckets(one, 3, metrics);
      ClientBuckets second = new RedisClientBuckets(two, 3, metrics);
      assertThat(first.consume("address:10.0.0.1").isConsumed()).isTrue();
      assertThat(second.consume("address:10.0.0.1").isConsumed()).isTrue();
      assertThat(first.consume("address:10.0.0.1").isConsumed()).isTrue();
      assertThat(second.consume("address:10.0.0.1").isConsumed()).isFalse();
      assertThat(second.consume("address:10.0.0.2").isConsumed()).isTrue();
      assertThat(metrics.scrape()).doesNotContain("intervensi_state_unavailable_total");
    }
  }

  @Test
  void limitsInThisInstanceWhileRedisIsDownAndCountsIt() {
    ServerMetrics metrics = new ServerMetrics();
    try (RedisPolicyStore store = RedisPolicyStore.open(redis.uri())) {
      ClientBuckets buckets = new RedisClientBuckets(store, 2, metrics);
      redis.stop();
      assertThat(buckets.consume("address:10.0.0.9").isConsumed()).isTrue();
      assertThat(buckets.consume("address:10.0.0.9").isConsumed()).isTrue();
      assertThat(buckets.consume("address:10.0.0.9").isConsumed()).isFalse();
      assertThat(metrics.scrape()).contains("intervensi_state_unavailable_total{operation=\"rateLimit\"} 3.0");
    }
  }
}
