package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.SettingsException;
import org.emodu.intervention.live.MemoryPolicyStore;
import org.emodu.intervention.live.PolicySettings;
import org.junit.jupiter.api.Test;

class ObservationRoutesTest {

  private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

  private static String observation(String student, String emotion, long secondsAfterStart) {
    return "{\"classId\":\"XII-IPA-1\",\"studentId\":\"" + student + "\",\"username\":\"Budi\",\"emotion\":\""
        + emotion + "\",\"confidence\":0.9,\"classname\":\"XII IPA 1\",\"subject\":\"Fisika\",\"observedAt\":"
        + T0.plusSeconds(secondsAfterStart).toEpochMilli() + "}";
  }

  private static HttpResponse<String> observe(TestServer server, String body) {
    return server.post("/v1/observations", "application/json", body);
  }

  @Test
  void waitsIntervenesAndWaitsInCooldownOverHttp() {
    try (TestServer server = TestServer.offline(Map.of())) {
      JsonNode first = TestServer.json(observe(server, observation("s1", "bosan", 0)));
      assertThat(first.path("action").asText()).isEqualTo("wait");
      assertThat(first.path("reason").asText()).isEqualTo("persisting");
      assertThat(first.path("eligibleAt").asText()).isEqualTo("2026-01-05T08:00:15Z");
      assertThat(first.has("intervention")).isFalse();

      HttpResponse<String> response = observe(server, observation("s1", "bored", 15));
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode intervened = TestServer.json(response);
      assertThat(intervened.path("action").asText()).isEqualTo("intervene");
      assertThat(intervened.path("reason").asText()).isEqualTo("persisted");
      JsonNode intervention = intervened.path("intervention");
      assertThat(intervention.path("text").asText()).contains("Budi");
      assertThat(intervention.path("generator").asText()).isEqualTo("offline");
      assertThat(intervention.has("requestId")).isTrue();
      assertThat(intervention.has("usage")).isTrue();

      JsonNode cooling = TestServer.json(observe(server, observation("s1", "bored", 20)));
      assertThat(cooling.path("reason").asText()).isEqualTo("cooldown");
      assertThat(cooling.path("eligibleAt").asText()).isEqualTo("2026-01-05T08:03:15Z");
    }
  }

  @Test
  void acceptsIsoTimesAndLeavesOutConfidence() {
    try (TestServer server = TestServer.offline(Map.of())) {
      String body = "{\"classId\":7,\"studentId\":\"s1\",\"username\":\"Sari\",\"emotion\":\"bingung\","
          + "\"classname\":\"X-1\",\"subject\":\"Kimia\",\"observedAt\":\"2026-01-05T15:00:00+07:00\"}";
      JsonNode decision = TestServer.json(observe(server, body));
      assertThat(decision.path("reason").asText()).isEqualTo("persisting");
      assertThat(decision.path("eligibleAt").asText()).isEqualTo("2026-01-05T08:00:15Z");
    }
  }

  @Test
  void answersABatchInOrder() {
    try (TestServer server = TestServer.offline(Map.of())) {
      server.post("/v1/observations:batch", "application/json",
          "[" + observation("s1", "bored", 0) + "," + observation("s2", "neutral", 0) + "]");
      HttpResponse<String> response = server.post("/v1/observations:batch", "application/json",
          "[" + observation("s1", "bored", 15) + "," + observation("s2", "neutral", 15) + ","
              + observation("s1", "bored", 16) + "]");
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode decisions = TestServer.json(response);
      assertThat(decisions.isArray()).isTrue();
      List<String> reasons = new ArrayList<>();
      decisions.forEach(decision -> reasons.add(decision.path("reason").asText()));
      assertThat(reasons).containsExactly("persisted", "not-a-trigger", "cooldown");
      assertThat(decisions.get(0).path("intervention").path("text").asText()).isNotBlank();
    }
  }

  @Test
  void namesEachOffendingField() {
    try (TestServer server = TestServer.offline(Map.of())) {
      HttpResponse<String> response = observe(server, "{\"studentId\":\"s1\",\"username\":\"Budi\","
          + "\"emotion\":\"sleepy\",\"confidence\":2,\"classname\":\"X\",\"subject\":\"Y\",\"observedAt\":\"kemarin\","
          + "\"mood\":1}");
      assertThat(response.statusCode()).isEqualTo(400);
      JsonNode error = TestServer.json(response);
      assertThat(error.path("code").asText()).isEqualTo("invalid_request");
      List<String> fields = new ArrayList<>();
      error.path("fields").forEach(field -> fields.add(field.asText()));
      assertThat(fields).containsExactlyInAnyOrder("mood", "classId", "emotion", "confidence", "observedAt");
      assertThat(error.path("message").asText()).contains("sleepy", "confidence must be a number from 0 to 1",
          "epoch milliseconds");
    }
  }

  @Test
  void namesTheBatchElementOfAnOffendingField() {
    try (TestServer server = TestServer.offline(Map.of())) {
      HttpResponse<String> response = server.post("/v1/observations:batch", "application/json",
          "[" + observation("s1", "bored", 0) + "," + observation("s2", "sleepy", 0) + ",3]");
      assertThat(response.statusCode()).isEqualTo(400);
      JsonNode error = TestServer.json(response);
      List<String> fields = new ArrayList<>();
      error.path("fields").forEach(field -> fields.add(field.asText()));
      assertThat(fields).containsExactly("[1].emotion", "[2]");
    }
  }

  @Test
  void refusesABatchThatIsNotAnArrayOrIsEmpty() {
    try (TestServer server = TestServer.offline(Map.of())) {
      HttpResponse<String> object = server.post("/v1/observations:batch", "application/json",
          observation("s1", "bored", 0));
      assertThat(object.statusCode()).isEqualTo(400);
      assertThat(TestServer.json(object).path("message").asText()).contains("must be a JSON array");
      HttpResponse<String> empty = server.post("/v1/observations:batch", "application/json", "[]");
      assertThat(TestServer.json(empty).path("fields").get(0).asText()).isEqualTo("body");
    }
  }

  @Test
  void refusesABodyThatIsNotJson() {
    try (TestServer server = TestServer.offline(Map.of())) {
      HttpResponse<String> response = observe(server, "{\"classId\":");
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(TestServer.json(response).path("message").asText()).contains("ends before its JSON is complete");
      assertThat(server.post("/v1/observations", "text/plain", "x").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void needsTheTokenLikeTheOtherRoutes() {
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.API_TOKENS, "rahasia-kelas-123456"))) {
      assertThat(observe(server, observation("s1", "bored", 0)).statusCode()).isEqualTo(401);
      assertThat(server.post("/v1/observations", "application/json", observation("s1", "bored", 0),
          "Authorization", "Bearer rahasia-kelas-123456").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void countsDecisionsByActionAndReason() {
    try (TestServer server = TestServer.offline(Map.of())) {
      observe(server, observation("s1", "bored", 0));
      observe(server, observation("s1", "bored", 15));
      String metrics = server.get("/metrics").body();
      assertThat(metrics).contains("intervensi_policy_decisions_total{action=\"wait\",reason=\"persisting\"} 1.0");
      assertThat(metrics).contains("intervensi_policy_decisions_total{action=\"intervene\",reason=\"persisted\"} 1.0");
      assertThat(metrics).contains("route=\"/v1/observations\"");
    }
  }

  @Test
  void honoursThePolicySettings() {
    try (TestServer server = TestServer.offline(Map.of(PolicySettings.PERSIST_MS, "5000"))) {
      observe(server, observation("s1", "bored", 0));
      assertThat(TestServer.json(observe(server, observation("s1", "bored", 5))).path("action").asText())
          .isEqualTo("intervene");
    }
  }

  @Test
  void saysWhereTheStateIsWhenReady() {
    try (TestServer server = TestServer.offline(Map.of())) {
      JsonNode ready = TestServer.json(server.get("/readyz"));
      assertThat(ready.path("state").asText()).isEqualTo("memory");
      assertThat(ready.has("stateAvailable")).as("a ready server's state answers; 503 says when not").isFalse();
    }
  }

  @Test
  void refusesToStartOnAStateItCannotOpen() {
    assertThatThrownBy(() -> TestServer.offline(Map.of(PolicySettings.STATE, "postgres://x")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining(PolicySettings.STATE)
        .hasMessageContaining("redis://[:password@]host:port[/db]");
  }

  @Test
  void servesTheRoutesInTheOpenApiDocument() {
    try (TestServer server = TestServer.offline(Map.of())) {
      JsonNode paths = TestServer.json(server.get("/openapi.json")).path("paths");
      assertThat(paths.has("/v1/observations")).isTrue();
      assertThat(paths.has("/v1/observations:batch")).isTrue();
    }
  }

  @Test
  void intervenesOnceWhenTwoServersOnOneStoreSeeOneStudentAtOnce() throws Exception {
    MemoryPolicyStore store = new MemoryPolicyStore();
    try (TestServer first = TestServer.start(InterventionServer.builder(Settings.of(Map.of()))
            .profile(Profile.OFFLINE).policyStore(store));
        TestServer second = TestServer.start(InterventionServer.builder(Settings.of(Map.of()))
            .profile(Profile.OFFLINE).policyStore(store))) {
      observe(first, observation("s1", "bored", 0));
      assertThat(TestServer.json(observe(second, observation("s1", "bored", 5))).path("reason").asText())
          .isEqualTo("persisting");

      int requests = 16;
      ExecutorService pool = Executors.newFixedThreadPool(requests);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JsonNode>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
          TestServer server = i % 2 == 0 ? first : second;
          answers.add(pool.submit(() -> {
            go.await();
            return TestServer.json(observe(server, observation("s1", "bored", 15)));
          }));
        }
        go.countDown();
        int interventions = 0;
        for (Future<JsonNode> answer : answers) {
          if (answer.get(30, TimeUnit.SECONDS).path("action").asText().equals("intervene")) {
            interventions++;
          }
        }
        assertThat(interventions).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    } finally {
      store.close();
    }
  }
}
