package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A model that hangs, fails or answers garbage is answered by the offline generator, or mapped when that is off. */
class FallbackTest {

  private static final String BODY =
      "{\"username\":\"Budi\",\"emotion\":\"bosan\",\"classname\":\"XII-IPA-1\",\"subject\":\"Fisika\"}";

  private MockWebServer model;

  @BeforeEach
  void startModel() throws Exception {
    model = new MockWebServer();
    model.start();
  }

  @AfterEach
  void stopModel() throws Exception {
    model.shutdown();
  }

  private TestServer server(String... settings) {
    return TestServer.start(TestServer.modelSettings(model.url("/v1").toString(), settings), Profile.BASE);
  }

  @Test
  void aHungModelIsAnsweredByTheFallbackAtTheDeadline() {
    model.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    try (TestServer server = server(Settings.DEADLINE_MS, "300")) {
      HttpResponse<String> response = server.post("/v1/interventions", "application/json", BODY);

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = TestServer.json(response);
      assertThat(body.path("fallback").asBoolean()).isTrue();
      assertThat(body.path("generator").asText()).isEqualTo("offline");
      assertThat(body.path("fallbackReason").asText()).contains("300 ms");
      assertThat(body.path("text").asText()).contains("Budi");
      assertThat(server.get("/metrics").body())
          .contains("intervensi_model_calls_total{outcome=\"deadline\"} 1")
          .contains("intervensi_interventions_total{generator=\"offline\",outcome=\"fallback\"} 1");
    }
  }

  @Test
  void aHungModelOnTheSeedRouteKeepsTheSeedShape() {
    model.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    try (TestServer server = server(Settings.DEADLINE_MS, "300")) {
      HttpResponse<String> response = server.get("/openai?" + TestServer.SEED_QUERY);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Intervensi-Fallback")).hasValue("true");
      assertThat(response.body()).matches("\\{\"status\":\"success\",\"response\":\"[^\"]+\"}");
    }
  }

  @Test
  void aServerErrorIsAnsweredByTheFallback() {
    model.enqueue(new MockResponse().setResponseCode(500).setHeader("Content-Type", "application/json")
        .setBody("{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
    try (TestServer server = server()) {
      JsonNode body = TestServer.json(server.post("/v1/interventions", "application/json", BODY));

      assertThat(body.path("fallback").asBoolean()).isTrue();
      assertThat(body.path("fallbackReason").asText()).contains("server_error");
      assertThat(server.get("/metrics").body()).contains("intervensi_model_calls_total{outcome=\"server_error\"} 1");
    }
  }

  @Test
  void aRateLimitedModelIsAnsweredByTheFallback() {
    model.enqueue(new MockResponse().setResponseCode(429).setHeader("Content-Type", "application/json")
        .setHeader("retry-after", "1").setBody(Fixtures.body("error-429.json")));
    try (TestServer server = server()) {
      JsonNode body = TestServer.json(server.post("/v1/interventions", "application/json", BODY));

      assertThat(body.path("fallback").asBoolean()).isTrue();
      assertThat(server.get("/metrics").body()).contains("intervensi_model_calls_total{outcome=\"rate_limited\"} 1");
    }
  }

  @Test
  void garbageFromTheModelIsAnsweredByTheFallback() {
    model.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("<html>gateway</html>"));
    try (TestServer server = server()) {
      JsonNode body = TestServer.json(server.post("/v1/interventions", "application/json", BODY));

      assertThat(body.path("fallback").asBoolean()).isTrue();
      assertThat(body.path("generator").asText()).isEqualTo("offline");
      assertThat(server.get("/metrics").body()).contains("intervensi_model_calls_total{outcome=\"malformed_response\"} 1");
    }
  }

  @Test
  void anAnswerBreakingTheOutputPolicyIsAnsweredByTheFallback() {
    model.enqueue(Fixtures.chatCompletion("Budi " + "sangat ".repeat(40) + "hebat"));
    try (TestServer server = server()) {
      JsonNode body = TestServer.json(server.post("/v1/interventions", "application/json", BODY));

      assertThat(body.path("fallback").asBoolean()).isTrue();
      assertThat(body.path("violations")).isEmpty();
      assertThat(server.get("/metrics").body()).contains("intervensi_model_calls_total{outcome=\"noncompliant\"} 1");
    }
  }

  @Test
  void withFallbackOffAnAnswerBreakingTheOutputPolicyIsAnswered502() {
    // 60 words and no emoji: too long to cut at a sentence end, so the policy cannot repair it.
    String noncompliant = "Budi " + "sangat ".repeat(58) + "hebat";
    model.enqueue(Fixtures.chatCompletion(noncompliant));
    model.enqueue(Fixtures.chatCompletion(noncompliant));
    try (TestServer server = server(Settings.FALLBACK, "off")) {
      HttpResponse<String> seed = server.get("/openai?" + TestServer.SEED_QUERY);

      assertThat(seed.statusCode()).isEqualTo(502);
      JsonNode error = TestServer.json(seed);
      assertThat(error.path("status").asText()).isEqualTo("error");
      assertThat(error.path("code").asText()).isEqualTo("model_failed");
      assertThat(error.path("message").asText()).contains("output policy", "60 words, more than 25");
      assertThat(seed.body()).doesNotContain("sangat");

      HttpResponse<String> typed = server.post("/v1/interventions", "application/json", BODY);
      assertThat(typed.statusCode()).isEqualTo(502);
      assertThat(server.get("/metrics").body())
          .contains("intervensi_model_calls_total{outcome=\"noncompliant\"} 2")
          .contains("intervensi_interventions_total{generator=\"base\",outcome=\"error\"} 2");
    }
  }

  @Test
  void withFallbackOffAHungModelIsAnswered504() {
    model.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    try (TestServer server = server(Settings.DEADLINE_MS, "300", Settings.FALLBACK, "off")) {
      HttpResponse<String> response = server.post("/v1/interventions", "application/json", BODY);

      assertThat(response.statusCode()).isEqualTo(504);
      JsonNode error = TestServer.json(response);
      assertThat(error.path("code").asText()).isEqualTo("model_timeout");
      assertThat(error.path("message").asText()).contains("300 ms");
      assertThat(server.get("/metrics").body())
          .contains("intervensi_interventions_total{generator=\"base\",outcome=\"error\"} 1");
    }
  }

  @Test
  void withFallbackOffAFailingModelIsAnswered502WithoutTheKey() {
    model.enqueue(new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
        .setBody("{\"error\":{\"message\":\"Incorrect API key provided: sk-test-0123456789abcdef.\","
            + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));
    try (TestServer server = server(Settings.FALLBACK, "off")) {
      HttpResponse<String> response = server.get("/openai?" + TestServer.SEED_QUERY);

      assertThat(response.statusCode()).isEqualTo(502);
      JsonNode error = TestServer.json(response);
      assertThat(error.path("status").asText()).isEqualTo("error");
      assertThat(error.path("code").asText()).isEqualTo("model_failed");
      assertThat(response.body()).doesNotContain("sk-test-0123456789abcdef").doesNotContain("Exception");
    }
  }

  @Test
  void metricsCountRequestsByRouteAndStatusAndTokensByModel() {
    for (int i = 0; i < 3; i++) {
      model.enqueue(Fixtures.chatCompletion("Semangat ya Budi, kamu pasti bisa! 💪"));
    }
    try (TestServer server = server()) {
      for (int i = 0; i < 3; i++) {
        assertThat(server.get("/openai?" + TestServer.SEED_QUERY).statusCode()).isEqualTo(200);
      }
      assertThat(server.get("/openai?username=Budi").statusCode()).isEqualTo(400);

      String metrics = server.get("/metrics").body();
      assertThat(metrics)
          .contains("intervensi_http_requests_seconds_count{method=\"GET\",route=\"/openai\",status=\"200\"} 3")
          .contains("intervensi_http_requests_seconds_count{method=\"GET\",route=\"/openai\",status=\"400\"} 1")
          .contains("intervensi_http_requests_seconds_bucket{method=\"GET\",route=\"/openai\",status=\"200\",le=\"+Inf\"} 3")
          .contains("intervensi_interventions_total{generator=\"base\",outcome=\"success\"} 3")
          .contains("intervensi_model_calls_total{outcome=\"success\"} 3")
          .contains("intervensi_model_tokens_total{kind=\"prompt\",model=\"gpt-3.5-turbo-0125\"} 1200")
          .contains("intervensi_model_tokens_total{kind=\"completion\",model=\"gpt-3.5-turbo-0125\"} 123");
    }
  }
}
