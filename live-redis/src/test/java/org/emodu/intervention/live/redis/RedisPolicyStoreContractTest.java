package org.emodu.intervention.live.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Optional;
import org.emodu.intervention.live.PolicyStore;
import org.emodu.intervention.live.PolicyStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract every {@link PolicyStore} keeps, kept by {@link RedisPolicyStore} on a real redis-server. */
class RedisPolicyStoreContractTest extends PolicyStoreContract {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private static RedisClient client;
  private static StatefulRedisConnection<String, String> raw;

  @BeforeAll
  static void connect() {
    client = RedisClient.create(redis.uri());
    raw = client.connect();
  }

  @AfterAll
  static void disconnect() {
    raw.close();
    client.shutdown();
  }

  @Override
  protected PolicyStore newStore() {
    return RedisPolicyStore.open(redis.uri());
  }

  @Override
  protected Optional<Duration> timeToLive(PolicyStore store, String key) {
    long millis = raw.sync().pttl(key);
    return millis > 0 ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
  }
}
