package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every answer carries, whatever the route and method: a request id; HEAD answers as GET without a body. */
class EveryAnswerTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.offline(Map.of(ServerSettings.CORS_ORIGINS, "https://emodu.example"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "GET {0}")
  @ValueSource(strings = {"/v1/options", "/healthz", "/readyz", "/metrics", "/openapi.json", "/openai",
      "/openai?" + TestServer.SEED_QUERY, "/nowhere"})
  void everyAnswerCarriesARequestId(String pathAndQuery) {
    HttpResponse<String> response = server.get(pathAndQuery);

    assertThat(response.headers().firstValue("X-Request-Id")).as(pathAndQuery)
        .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-z]+-\\d+"));
  }

  @Test
  void preflightsAndRefusedMethodsCarryARequestIdToo() {
    HttpResponse<String> preflight = TestServer.send(HttpRequest.newBuilder(server.uri("/v1/interventions"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://emodu.example")
        .header("Access-Control-Request-Method", "POST")
        .build());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("X-Request-Id")).isPresent();

    HttpResponse<String> refused = server.post("/healthz", "application/json", "{}");
    assertThat(refused.statusCode()).isEqualTo(405);
    assertThat(refused.headers().firstValue("X-Request-Id")).hasValue(TestServer.json(refused).path("requestId").asText());
  }

  @Test
  void headOfTheSeedRouteWithoutParametersAnswersAsGetWould() {
    HttpResponse<String> get = server.get("/openai");
    HttpResponse<String> head = head("/openai");

    assertThat(get.statusCode()).isEqualTo(400);
    assertThat(head.statusCode()).isEqualTo(400);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(head.headers().firstValue("X-Request-Id")).isPresent();
  }

  @ParameterizedTest(name = "HEAD {0}")
  @ValueSource(strings = {"/openai?" + TestServer.SEED_QUERY, "/healthz", "/readyz", "/v1/options", "/metrics",
      "/openapi.json"})
  void headAnswersAsGetWithoutABody(String pathAndQuery) {
    HttpResponse<String> head = head(pathAndQuery);

    assertThat(head.statusCode()).isEqualTo(server.get(pathAndQuery).statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void madeUpMethodsAndPathsFoldIntoOneMetricsSeriesEach() {
    for (int i = 0; i < 40; i++) {
      TestServer.send(HttpRequest.newBuilder(server.uri("/healthz"))
          .method("MADEUP" + i, HttpRequest.BodyPublishers.noBody()).build());
      server.get("/made-up-path-" + i);
    }

    String metrics = server.get("/metrics").body();

    assertThat(metrics).doesNotContain("MADEUP", "made-up-path")
        .contains("method=\"other\",route=\"/healthz\",status=\"405\"")
        .contains("method=\"GET\",route=\"unmatched\",status=\"404\"");
    Set<String> methods = new HashSet<>(Endpoints.METHODS);
    methods.add("other");
    assertThat(methods).containsAll(seriesOf(metrics, "method"));
    Set<String> routes = new HashSet<>(Endpoints.ROUTES);
    routes.add("unmatched");
    assertThat(routes).containsAll(seriesOf(metrics, "route"));
  }

  private static Set<String> seriesOf(String metrics, String label) {
    Set<String> values = new HashSet<>();
    Matcher matcher = Pattern.compile("intervensi_http_requests_seconds_count\\{[^}]*\\b" + label + "=\"([^\"]*)\"")
        .matcher(metrics);
    while (matcher.find()) {
      values.add(matcher.group(1));
    }
    return values;
  }

  private static HttpResponse<String> head(String pathAndQuery) {
    return TestServer.send(HttpRequest.newBuilder(server.uri(pathAndQuery))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
  }
}
