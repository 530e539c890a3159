package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.Map;
import org.emodu.intervention.core.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessControlTest {

  private static final String TOKEN = "emodu-service-token-0123456789";
  private static final String OTHER_TOKEN = "dashboard-token-abcdefghijklmn";
  private static final String SEED = "/openai?" + TestServer.SEED_QUERY;

  @Test
  void withoutTokensEveryoneMayCall() {
    try (TestServer server = TestServer.offline(Map.of())) {
      assertThat(server.get(SEED).statusCode()).isEqualTo(200);
      assertThat(server.get("/metrics").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void withTokensARequestWithoutOneIsRefusedAndToldHowToAuthenticate() {
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.API_TOKENS, TOKEN + "," + OTHER_TOKEN))) {
      HttpResponse<String> response = server.get(SEED);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(TestServer.json(response).path("code").asText()).isEqualTo("unauthorized");
      assertThat(server.post("/v1/interventions", "application/json", "{}").statusCode()).isEqualTo(401);
      assertThat(server.get("/metrics").statusCode()).isEqualTo(401);
      assertThat(server.get("/v1/options").statusCode()).isEqualTo(401);
      assertThat(server.get("/openapi.json").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void withTokensAWrongTokenOrSchemeIsRefused() {
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.API_TOKENS, TOKEN))) {
      HttpResponse<String> wrong = server.get(SEED, "Authorization", "Bearer " + TOKEN + "x");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
      assertThat(wrong.body()).doesNotContain(TOKEN);

      assertThat(server.get(SEED, "Authorization", "Basic " + TOKEN).statusCode()).isEqualTo(401);
      assertThat(server.get(SEED, "Authorization", TOKEN).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void withTokensEachConfiguredTokenIsAcceptedOnEveryRoute() {
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.API_TOKENS, TOKEN + ", " + OTHER_TOKEN))) {
      assertThat(server.get(SEED, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
      assertThat(server.get(SEED, "Authorization", "bearer " + OTHER_TOKEN).statusCode()).isEqualTo(200);
      assertThat(server.get("/metrics", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void healthChecksNeedNoToken() {
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.API_TOKENS, TOKEN))) {
      assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
      assertThat(server.get("/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void rateLimitAnswers429WithRetryAfterPastTheClientsRate() {
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.RATE_LIMIT, "2"))) {
      assertThat(server.get(SEED).statusCode()).isEqualTo(200);
      assertThat(server.get(SEED).statusCode()).isEqualTo(200);
      HttpResponse<String> limited = server.get(SEED);

      assertThat(limited.statusCode()).isEqualTo(429);
      // Two a minute refill one every 30 s.
      assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
          seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 30));
      assertThat(TestServer.json(limited).path("code").asText()).isEqualTo("rate_limited");
      assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void probesAndScrapesNeverSpendAClientsRate() {
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.RATE_LIMIT, "1"))) {
      for (int i = 0; i < 3; i++) {
        assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(server.get("/readyz").statusCode()).isEqualTo(200);
        assertThat(server.get("/metrics").statusCode()).isEqualTo(200);
      }

      assertThat(server.get(SEED).statusCode()).isEqualTo(200);
      assertThat(server.get(SEED).statusCode()).isEqualTo(429);
    }
  }

  @Test
  void aRequestWithABodyCountsOnceAgainstTheRate() {
    String body = "{\"username\":\"Budi\",\"emotion\":\"bosan\",\"classname\":\"X-1\",\"subject\":\"Fisika\"}";
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.API_TOKENS, TOKEN, ServerSettings.RATE_LIMIT, "2"))) {
      assertThat(server.post("/v1/interventions", "application/json", body, "Authorization", "Bearer " + TOKEN)
          .statusCode()).isEqualTo(200);
      assertThat(server.post("/v1/interventions", "application/json", body, "Authorization", "Bearer " + TOKEN)
          .statusCode()).isEqualTo(200);
      HttpResponse<String> limited = server.post("/v1/interventions", "application/json", body,
          "Authorization", "Bearer " + TOKEN);
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    }
  }

  @Test
  void rateLimitCountsEachTokenSeparately() {
    try (TestServer server = TestServer.offline(Map.of(
        ServerSettings.API_TOKENS, TOKEN + "," + OTHER_TOKEN, ServerSettings.RATE_LIMIT, "1"))) {
      assertThat(server.get(SEED, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
      assertThat(server.get(SEED, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(429);
      assertThat(server.get(SEED, "Authorization", "Bearer " + OTHER_TOKEN).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void corsAllowsOnlyTheListedOrigins() {
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.CORS_ORIGINS, "https://emodu.example"))) {
      HttpResponse<String> allowed = server.get(SEED, "Origin", "https://emodu.example");
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://emodu.example");

      HttpResponse<String> other = server.get(SEED, "Origin", "https://elsewhere.example");
      assertThat(other.statusCode()).isEqualTo(200);
      assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  void corsPreflightIsAnsweredWithoutATokenForAllowedOriginsOnly() {
    try (TestServer server = TestServer.offline(Map.of(
        ServerSettings.CORS_ORIGINS, "https://emodu.example", ServerSettings.API_TOKENS, TOKEN))) {
      HttpResponse<String> preflight = TestServer.send(java.net.http.HttpRequest.newBuilder(server.uri("/v1/interventions"))
          .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
          .header("Origin", "https://emodu.example")
          .header("Access-Control-Request-Method", "POST")
          .build());
      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
          headers -> assertThat(headers).contains("Authorization", "Content-Type"));

      HttpResponse<String> refused = TestServer.send(java.net.http.HttpRequest.newBuilder(server.uri("/v1/interventions"))
          .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
          .header("Origin", "https://elsewhere.example")
          .build());
      assertThat(refused.statusCode()).isEqualTo(403);
    }
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {",,,", ",", " , , "})
  void tokensThatAreOnlyCommasAreRefusedAtStartRatherThanTurningAuthenticationOff(String value) {
    assertThatThrownBy(() -> TestServer.offline(Map.of(ServerSettings.API_TOKENS, value)))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining(ServerSettings.API_TOKENS)
        .hasMessageContaining("holds no token");
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(delimiter = '|', value = {
      "emodu.example|has no scheme",
      "ftp://emodu.example|not http or https",
      "https://emodu.example/app|has a path",
      "https://emodu.example?x=1|has a path, query or fragment",
      "*.emodu.example|has no scheme",
      "https://*.emodu.example|has no host name",
      "https://user@emodu.example|holds a user name",
      "https://emodu .example|is not a URL",
      "'*,https://emodu.example'|* beside other origins",
      "',,'|holds no origin"})
  void anInvalidCorsOriginIsRefusedAtStartNamingTheValueAndTheAcceptedForm(String value, String problem) {
    assertThatThrownBy(() -> TestServer.offline(Map.of(ServerSettings.CORS_ORIGINS, value)))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining(ServerSettings.CORS_ORIGINS)
        .hasMessageContaining(problem)
        .hasMessageContaining("scheme://host[:port]");
  }

  @Test
  void corsOriginsAreComparedAsBrowsersSendThem() {
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.CORS_ORIGINS,
        "HTTPS://Emodu.Example:443/, http://localhost:5173"))) {
      assertThat(server.get(SEED, "Origin", "https://emodu.example").headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("https://emodu.example");
      assertThat(server.get(SEED, "Origin", "http://localhost:5173").headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("http://localhost:5173");
      assertThat(server.get(SEED, "Origin", "http://localhost:5174").headers().firstValue("Access-Control-Allow-Origin"))
          .isEmpty();
    }
  }

  @Test
  void aShortTokenIsRefusedAtStartWithoutEchoingIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.offline(Map.of(ServerSettings.API_TOKENS, "abc123")))
        .isInstanceOf(org.emodu.intervention.core.SettingsException.class)
        .hasMessageContaining(ServerSettings.API_TOKENS)
        .hasMessageNotContaining("abc123");
  }
}
