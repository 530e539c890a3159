package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests Jetty refuses before any route sees them are answered in the project's JSON error
 * shape, with a request id, never as Jetty's HTML page and never echoing the request's URI.
 */
class ContainerErrorsTest {

  /** A name that must never come back in an answer. */
  private static final String NAME = "Budiman";

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.offline(Map.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> protocolErrors() {
    String close = "Host: 127.0.0.1\r\nConnection: close\r\n\r\n";
    return Stream.of(
        Arguments.of("an encoded dot-dot path", "GET /%2e%2e/" + NAME + " HTTP/1.1\r\n" + close, 400, "path"),
        Arguments.of("a path above the root", "GET /a/../../" + NAME + " HTTP/1.1\r\n" + close, 400, "path"),
        Arguments.of("a broken escape in the path", "GET /%ZZ" + NAME + " HTTP/1.1\r\n" + close, 400, null),
        Arguments.of("a Content-Length that is not a number",
            "POST /v1/interventions?username=" + NAME + " HTTP/1.1\r\nContent-Length: abc\r\n" + close, 400,
            "content-length"),
        Arguments.of("two different Content-Lengths",
            "POST /v1/interventions?username=" + NAME + " HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n" + close
                + "{}", 400, "content-length"),
        Arguments.of("a request line over the limit",
            "GET /openai?username=" + NAME + "&x=" + "a".repeat(10_000) + " HTTP/1.1\r\n" + close, 414, "path"),
        Arguments.of("headers over the limit",
            "GET /openai?username=" + NAME + " HTTP/1.1\r\nX-Big: " + "x".repeat(20_000) + "\r\n" + close, 431, "headers"),
        Arguments.of("an HTTP/0.9 request line", "GET /openai?username=" + NAME + "\r\n", 505, null),
        Arguments.of("an HTTP/2.0 request line", "GET /openai?username=" + NAME + " HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n",
            426, null),
        Arguments.of("a protected container path", "GET /WEB-INF/" + NAME + " HTTP/1.1\r\n" + close, 404, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protocolErrors")
  void protocolErrorsAreAnsweredInTheJsonShapeWithoutEchoingTheRequest(String description, String request, int status,
      String field) {
    TestServer.RawResponse answer = server.raw(request);

    assertThat(answer.status()).as(description).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/json");
    JsonNode error = TestServer.json(answer.body());
    assertThat(error.path("status").asText()).isEqualTo("error");
    assertThat(error.path("code").asText()).isNotBlank();
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(error.path("requestId").asText()).isNotBlank().isEqualTo(answer.header("X-Request-Id"));
    if (field != null) {
      assertThat(error.path("fields")).extracting(JsonNode::asText).containsExactly(field);
    }
    assertThat(answer.body()).doesNotContain(NAME, "<html", "/openai", "username=", "WEB-INF", "badMessage", "Exception");
  }
}
