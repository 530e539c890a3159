package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.SettingsException;
import org.emodu.intervention.live.MemoryPolicyStore;
import org.emodu.intervention.live.StateUnavailableException;
import org.emodu.intervention.live.redis.RedisPolicyStore;
import org.emodu.intervention.live.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SharedStateTest {

  private static final String SEED = "/openai?" + TestServer.SEED_QUERY;

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void keepsStateInMemoryByDefault() {
    try (TestServer server = TestServer.offline(Map.of())) {
      assertThat(server.server.state().shared()).isFalse();
      assertThat(server.server.state().describe()).isEqualTo("memory");
      assertThat(((MeteredPolicyStore) server.server.state().store()).unwrapped()).isInstanceOf(MemoryPolicyStore.class);
      assertThat(server.server.notices()).noneMatch(notice -> notice.contains("redis"));
    }
  }

  @Test
  void keepsStateInTheRedisTheSettingNames() {
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.STATE, redis.uri() + "/1"))) {
      assertThat(server.server.state().shared()).isTrue();
      assertThat(server.server.state().describe()).isEqualTo("redis 127.0.0.1:" + redis.port() + "/1");
      assertThat(server.server.notices()).anyMatch(notice -> notice.contains("127.0.0.1:" + redis.port() + "/1"));
      assertThat(server.get("/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void refusesToStartWithAStateItCannotUseNamingTheSetting() {
    assertThatThrownBy(() -> TestServer.offline(Map.of(ServerSettings.STATE, "redis-on-the-other-box")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("INTERVENSI_STATE")
        .hasMessageContaining("redis://[:password@]host:port[/db]");
    assertThatThrownBy(() -> TestServer.offline(Map.of(ServerSettings.STATE, redis.uri(),
        ServerSettings.STATE_TIMEOUT, "0")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("INTERVENSI_STATE_TIMEOUT_MS");
  }

  @Test
  void saysNotReadyWhileRedisIsDownAndReadyWhenItIsBack() {
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.STATE, redis.uri() + "/2"))) {
      assertThat(server.get("/readyz").statusCode()).isEqualTo(200);

      redis.stop();
      HttpResponse<String> notReady = server.get("/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(TestServer.json(notReady).path("code").asText()).isEqualTo("state_unavailable");
      assertThat(TestServer.json(notReady).path("message").asText()).contains("127.0.0.1:" + redis.port() + "/2");
      // Generation does not need the state: it still answers.
      assertThat(server.get(SEED).statusCode()).isEqualTo(200);

      redis.start();
      await("readiness", () -> server.get("/readyz").statusCode() == 200);
    }
  }

  @Test
  void neverShowsThePasswordOfTheStateUri() {
    String uri = "redis://:kata-sandi-rahasia@127.0.0.1:" + redis.port() + "/3";
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.STATE, uri))) {
      redis.stop();
      HttpResponse<String> notReady = server.get("/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).doesNotContain("kata-sandi-rahasia");
      assertThat(server.server.notices()).noneMatch(notice -> notice.contains("kata-sandi-rahasia"));
    }
  }

  @Test
  void countsOperationsThatFindTheStateUnavailable() {
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.STATE, redis.uri() + "/4"))) {
      redis.stop();
      assertThatThrownBy(() -> server.server.state().store().read("intervensi:student:any"))
          .isInstanceOf(StateUnavailableException.class);
      assertThatThrownBy(() -> server.server.state().store().compareAndSet("intervensi:student:any", 0, new byte[1],
          Duration.ofMinutes(1))).isInstanceOf(StateUnavailableException.class);

      String metrics = server.get("/metrics").body();
      assertThat(metrics).contains("intervensi_state_unavailable_total{operation=\"read\"} 1.0");
      assertThat(metrics).contains("intervensi_state_unavailable_total{operation=\"compareAndSet\"} 1.0");
    }
  }

  @Test
  void twoInstancesOnOneRedisDrawOneClientsRequestsFromOneBucket() {
    Map<String, String> settings = Map.of(ServerSettings.STATE, redis.uri() + "/5", ServerSettings.RATE_LIMIT, "3");
    try (TestServer first = TestServer.offline(settings); TestServer second = TestServer.offline(settings)) {
      assertThat(first.get(SEED).statusCode()).isEqualTo(200);
      assertThat(second.get(SEED).statusCode()).isEqualTo(200);
      assertThat(first.get(SEED).statusCode()).isEqualTo(200);

      HttpResponse<String> limited = second.get(SEED);
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
          seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 20));
      assertThat(first.get(SEED).statusCode()).isEqualTo(429);
    }
  }

  @Test
  void limitsEachInstanceOnItsOwnWhileRedisIsDown() {
    Map<String, String> settings = Map.of(ServerSettings.STATE, redis.uri() + "/6", ServerSettings.RATE_LIMIT, "3");
    try (TestServer server = TestServer.offline(settings)) {
      redis.stop();
      assertThat(server.get(SEED).statusCode()).isEqualTo(200);
      assertThat(server.get(SEED).statusCode()).isEqualTo(200);
      // The scrape is the third request, counted before it is answered.
      assertThat(server.get("/metrics").body())
          .contains("intervensi_state_unavailable_total{operation=\"rateLimit\"} 3.0");
      assertThat(server.get(SEED).statusCode()).isEqualTo(429);
    }
  }

  @Test
  void closesItsRedisConnectionWhenItStops() {
    TestServer server = TestServer.start(InterventionServer.builder(Settings.of(Map.of(ServerSettings.STATE,
        redis.uri() + "/7"))).profile(Profile.OFFLINE));
    RedisPolicyStore store = (RedisPolicyStore) ((MeteredPolicyStore) server.server.state().store()).unwrapped();
    server.close();
    assertThat(store.available()).isFalse();
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what);
      }
      Thread.onSpinWait();
    }
  }
}
