package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.internal.Text;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GenerationRoutesTest {

  private static final String MODEL_TEXT = "Hai Budi! Yuk tebak, rumus Fisika mana yang dipakai roller coaster? 🎢 Seru banget kok! 😄";

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

  @Test
  void seedRouteAnswersTheSeedShapeByteForByte() {
    model.enqueue(Fixtures.chatCompletion(MODEL_TEXT));
    try (TestServer server = TestServer.start(TestServer.modelSettings(model.url("/v1").toString()), Profile.BASE)) {
      HttpResponse<String> response = server.get("/openai?" + TestServer.SEED_QUERY);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      String expected = "{\"status\":\"success\",\"response\":\"" + MODEL_TEXT + "\"}";
      assertThat(response.body()).isEqualTo(expected);
      assertThat(response.headers().firstValue("X-Intervensi-Fallback")).hasValue("false");
    }
  }

  @Test
  void seedRouteSendsTheRequestToTheModelAsTheBasePrompt() throws Exception {
    model.enqueue(Fixtures.chatCompletion(MODEL_TEXT));
    try (TestServer server = TestServer.start(TestServer.modelSettings(model.url("/v1").toString()), Profile.BASE)) {
      server.get("/openai?" + TestServer.SEED_QUERY);

      RecordedRequest sent = model.takeRequest();
      assertThat(sent.getPath()).isEqualTo("/v1/chat/completions");
      assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer sk-test-0123456789abcdef");
      JsonNode body = Json.mapper().readTree(sent.getBody().readUtf8());
      assertThat(body.path("model").asText()).isEqualTo("gpt-3.5-turbo");
      assertThat(body.path("messages").get(1).path("content").asText())
          .contains("Username: Budi", "Emotion: bored", "Reinforcement: positive", "Classname: XII-IPA-1", "Subject: Fisika");
    }
  }

  @Test
  void seedRouteParsesValuesAsLenientlyAsTheCore() {
    try (TestServer server = TestServer.offline(Map.of())) {
      HttpResponse<String> response = server.get(
          "/openai?username=Sari&emotion=BINGUNG&reinforcement=Negatif&arcsmodel=Percaya%20Diri&classname=X-1&subject=Kimia&cache=123");

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = TestServer.json(response);
      assertThat(body.properties()).extracting(Map.Entry::getKey).containsExactly("status", "response");
      assertThat(body.path("response").asText()).contains("Sari");
    }
  }

  @Test
  void seedRouteChoosesTheStrategyWhenOnlyTheEmotionIsGiven() {
    try (TestServer server = TestServer.offline(Map.of())) {
      HttpResponse<String> response = server.get("/openai?username=Budi&emotion=sedih&classname=XII-IPA-1&subject=Fisika");

      assertThat(response.statusCode()).isEqualTo(200);
      String text = TestServer.json(response).path("response").asText();
      assertThat(Text.countWords(text)).isBetween(1, 25);
      assertThat(Text.hasEmoji(text)).isTrue();
    }
  }

  @Test
  void typedRouteAnswersTheWholeInterventionFromTheModel() {
    model.enqueue(Fixtures.chatCompletion(MODEL_TEXT));
    try (TestServer server = TestServer.start(TestServer.modelSettings(model.url("/v1").toString()), Profile.BASE)) {
      HttpResponse<String> response = server.post("/v1/interventions", "application/json",
          "{\"username\":\"Budi\",\"emotion\":\"bosan\",\"reinforcement\":\"positive\",\"arcs\":\"attention\","
              + "\"classname\":\"XII-IPA-1\",\"subject\":\"Fisika\"}");

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = TestServer.json(response);
      assertThat(body.path("text").asText()).isEqualTo(MODEL_TEXT);
      assertThat(body.path("generator").asText()).isEqualTo("base");
      assertThat(body.path("model").asText()).isEqualTo("gpt-3.5-turbo-0125");
      assertThat(body.path("usage").path("prompt").asLong()).isEqualTo(400);
      assertThat(body.path("usage").path("completion").asLong()).isEqualTo(41);
      assertThat(body.path("usage").path("total").asLong()).isEqualTo(441);
      assertThat(body.path("fallback").asBoolean()).isFalse();
      assertThat(body.has("latencyMs")).isTrue();
      assertThat(body.path("requestId").asText()).isNotBlank()
          .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }
  }

  @Test
  void typedRouteAcceptsAJsonContentTypeWithACharset() {
    try (TestServer server = TestServer.offline(Map.of())) {
      HttpResponse<String> response = server.post("/v1/interventions", "Application/JSON; charset=utf-8",
          "{\"username\":\"Sari\",\"emotion\":\"confused\",\"classname\":\"X-1\",\"subject\":\"Kimia\",\"arcs\":null}");

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = TestServer.json(response);
      assertThat(body.path("generator").asText()).isEqualTo("offline");
      assertThat(body.path("text").asText()).contains("Sari");
      assertThat(body.path("violations")).isEmpty();
    }
  }

  @Test
  void optionsListEveryAcceptedValueWithItsAliases() {
    try (TestServer server = TestServer.offline(Map.of("INTERVENSI_STRATEGIES", "bored=negative:relevance"))) {
      JsonNode options = TestServer.json(server.get("/v1/options"));

      assertThat(options.path("emotions")).hasSize(10);
      JsonNode bored = findValue(options.path("emotions"), "bored");
      assertThat(bored.path("indonesian").asText()).isEqualTo("bosan");
      assertThat(bored.path("aliases").toString()).contains("jenuh");
      assertThat(options.path("reinforcements")).extracting(node -> node.path("value").asText())
          .containsExactly("positive", "negative");
      assertThat(options.path("arcs")).extracting(node -> node.path("value").asText())
          .containsExactly("attention", "relevance", "confidence", "satisfaction");
      assertThat(options.path("defaultStrategies").path("bored").path("arcs").asText()).isEqualTo("relevance");
      assertThat(options.path("limits").path("username").asInt()).isEqualTo(64);
    }
  }

  @Test
  void healthReadinessAndOpenApiDescribeTheServer() {
    try (TestServer server = TestServer.offline(Map.of())) {
      assertThat(TestServer.json(server.get("/healthz")).path("status").asText()).isEqualTo("ok");
      JsonNode ready = TestServer.json(server.get("/readyz"));
      assertThat(ready.path("status").asText()).isEqualTo("ready");
      assertThat(ready.path("profile").asText()).isEqualTo("offline");

      JsonNode openApi = TestServer.json(server.get("/openapi.json"));
      assertThat(openApi.path("openapi").asText()).startsWith("3.");
      for (String route : Endpoints.ROUTES) {
        assertThat(openApi.path("paths").has(route)).as("openapi.json describes %s", route).isTrue();
      }
      assertThat(openApi.path("paths").path("/openai").has("get")).isTrue();
      assertThat(openApi.path("paths").path("/v1/interventions").has("post")).isTrue();
    }
  }

  @Test
  void unknownRoutesAndMethodsAreAnsweredInJson() {
    try (TestServer server = TestServer.offline(Map.of())) {
      HttpResponse<String> missing = server.get("/nowhere");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(TestServer.json(missing).path("code").asText()).isEqualTo("not_found");

      HttpResponse<String> wrongMethod = server.post("/openai", "application/json", "{}");
      assertThat(wrongMethod.statusCode()).isEqualTo(405);
      assertThat(TestServer.json(wrongMethod).path("status").asText()).isEqualTo("error");
    }
  }

  private static JsonNode findValue(JsonNode array, String value) {
    for (JsonNode node : array) {
      if (node.path("value").asText().equals(value)) {
        return node;
      }
    }
    throw new AssertionError(value + " is not in " + array);
  }

}
