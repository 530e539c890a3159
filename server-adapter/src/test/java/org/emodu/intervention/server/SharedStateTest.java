package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
      assertThat(server.get(SEED).statusCode()).isEqualTo(200);
      // Three requests counted; the scrape itself takes nothing from the rate.
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

  @Test
  void twoInstancesOnOneRedisShareStudentsAndInterveneOnceWhenAStudentsFramesRaceToBoth() throws Exception {
    Map<String, String> settings = Map.of(ServerSettings.STATE, redis.uri() + "/8");
    try (TestServer first = TestServer.offline(settings); TestServer second = TestServer.offline(settings)) {
      // The episode starts at one instance and goes on at the other: the state is shared.
      assertThat(decision(first, "s1", 0).path("reason").asText()).isEqualTo("persisting");
      assertThat(decision(second, "s1", 10).path("reason").asText()).isEqualTo("persisting");

      // The frame that completes the episode reaches both instances at once, several times over.
      int racers = 6;
      ExecutorService pool = Executors.newFixedThreadPool(racers);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<JsonNode>> answers = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          TestServer instance = i % 2 == 0 ? first : second;
          answers.add(pool.submit(() -> {
            start.await();
            return decision(instance, "s1", 15);
          }));
        }
        start.countDown();
        int interventions = 0;
        for (Future<JsonNode> answer : answers) {
          interventions += answer.get(30, TimeUnit.SECONDS).path("action").asText().equals("intervene") ? 1 : 0;
        }
        assertThat(interventions).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
      assertThat(decision(first, "s1", 20).path("reason").asText()).isEqualTo("cooldown");
      assertThat(decision(second, "s1", 25).path("reason").asText()).isEqualTo("cooldown");
      // Another student is independent.
      assertThat(decision(second, "s2", 25).path("reason").asText()).isEqualTo("persisting");
    }
  }

  @Test
  void waitsWithStateUnavailableWhileRedisIsDownAndCountsIt() {
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.STATE, redis.uri() + "/9"))) {
      redis.stop();
      JsonNode decision = decision(server, "s1", 0);
      assertThat(decision.path("action").asText()).isEqualTo("wait");
      assertThat(decision.path("reason").asText()).isEqualTo("state-unavailable");
      assertThat(server.get("/metrics").body())
          .contains("intervensi_state_unavailable_total{operation=\"read\"} 1.0")
          .contains("reason=\"state-unavailable\"");
    }
  }

  private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

  private static JsonNode decision(TestServer server, String student, long secondsAfterStart) {
    String body = "{\"classId\":\"XII-IPA-1\",\"studentId\":\"" + student + "\",\"username\":\"Budi\","
        + "\"emotion\":\"bosan\",\"confidence\":0.9,\"classname\":\"XII IPA 1\",\"subject\":\"Fisika\","
        + "\"observedAt\":" + T0.plusSeconds(secondsAfterStart).toEpochMilli() + "}";
    HttpResponse<String> response = server.post("/v1/observations", "application/json", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestServer.json(response);
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
