package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.junit.jupiter.api.Test;

/**
 * Clients that send a body's first bytes and stop hold no server thread: health stays answerable,
 * oversized and unauthorised bodies are refused before they are read, and a body that stops
 * arriving is answered once its idle timeout has passed.
 */
class StalledBodiesTest {

  private static final String TOKEN = "emodu-service-token-0123456789";
  private static final String PARTIAL_BODY = "{\"username\":\"Budi\",\"emo";

  @Test
  void aThousandStalledBodiesLeaveHealthAnswerable() throws Exception {
    // Bodies stay stalled for the whole test: nothing the server answers can come from a timeout.
    try (TestServer server = TestServer.start(InterventionServer.builder(Settings.of(Map.of()))
            .profile(Profile.OFFLINE).bodyIdleTimeout(Duration.ofMinutes(5)));
        Stalled stalled = new Stalled()) {
      for (int i = 0; i < 1_000; i++) {
        stalled.open(server, post(200, "") + PARTIAL_BODY);
      }

      HttpResponse<String> health = getWithin(server, "/healthz", Duration.ofSeconds(10));

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(TestServer.json(health).path("status").asText()).isEqualTo("ok");
      // And the typed route still answers a whole body.
      assertThat(server.post("/v1/interventions", "application/json",
          "{\"username\":\"Sari\",\"emotion\":\"bosan\",\"classname\":\"X-1\",\"subject\":\"Kimia\"}").statusCode())
          .isEqualTo(200);
      assertThat(server.server.pendingBodies()).isGreaterThan(0).isLessThanOrEqualTo(BodyGate.DEFAULT_MAX_PENDING);
    }
  }

  @Test
  void pastTheBoundOfArrivingBodiesMoreAreRefused503WithRetryAfter() throws Exception {
    try (TestServer server = TestServer.start(InterventionServer.builder(Settings.of(Map.of()))
            .profile(Profile.OFFLINE).maxPendingBodies(3).bodyIdleTimeout(Duration.ofMinutes(5)));
        Stalled stalled = new Stalled()) {
      for (int i = 0; i < 3; i++) {
        stalled.open(server, post(200, "") + PARTIAL_BODY);
      }
      waitUntil(() -> server.server.pendingBodies() == 3);

      TestServer.RawResponse refused = raw(server, post(200, "") + PARTIAL_BODY);

      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.head()).containsIgnoringCase("Retry-After: 1").containsIgnoringCase("Connection: close");
      assertThat(TestServer.json(refused.body()).path("code").asText()).isEqualTo("busy");
      assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aHugeDeclaredLengthIsRefused413BeforeTheBodyIsRead() {
    try (TestServer server = TestServer.offline(Map.of())) {
      TestServer.RawResponse partial = raw(server, post(999_999_999, "") + PARTIAL_BODY);

      assertThat(partial.status()).isEqualTo(413);
      assertThat(partial.head()).containsIgnoringCase("Content-Type: application/json");
      JsonNode error = TestServer.json(partial.body());
      assertThat(error.path("code").asText()).isEqualTo("body_too_large");
      assertThat(error.path("fields")).extracting(JsonNode::asText).containsExactly("body");
    }
  }

  @Test
  void aHugeDeclaredLengthWithExpectContinueGets413InsteadOf100Continue() {
    try (TestServer server = TestServer.offline(Map.of())) {
      TestServer.RawResponse answer = raw(server, post(999_999_999, "Expect: 100-continue\r\n"));

      assertThat(answer.status()).isEqualTo(413);
      assertThat(answer.head()).doesNotContain("100 Continue");
    }
  }

  @Test
  void aBodyWithoutTheTokenIsRefused401BeforeItIsRead() {
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.API_TOKENS, TOKEN))) {
      TestServer.RawResponse waiting = raw(server, post(200, "Expect: 100-continue\r\n"));
      assertThat(waiting.status()).isEqualTo(401);
      assertThat(waiting.head()).doesNotContain("100 Continue").containsIgnoringCase("WWW-Authenticate: Bearer");

      TestServer.RawResponse partial = raw(server, post(200, "") + PARTIAL_BODY);
      assertThat(partial.status()).isEqualTo(401);
      assertThat(TestServer.json(partial.body()).path("code").asText()).isEqualTo("unauthorized");

      TestServer.RawResponse wrong = raw(server, post(200, "Authorization: Bearer " + TOKEN + "x\r\n") + PARTIAL_BODY);
      assertThat(wrong.status()).isEqualTo(401);
    }
  }

  @Test
  void aBodyWithTheTokenIsReadAfter100Continue() throws Exception {
    String body = "{\"username\":\"Budi\",\"emotion\":\"bosan\",\"classname\":\"X-1\",\"subject\":\"Fisika\"}";
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.API_TOKENS, TOKEN));
        Socket socket = new Socket("127.0.0.1", server.server.port())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(("POST /v1/interventions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
          + "Content-Type: application/json\r\nAuthorization: Bearer " + TOKEN + "\r\nExpect: 100-continue\r\n"
          + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      String interim = readHead(in);
      assertThat(interim).startsWith("HTTP/1.1 100");

      socket.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 200").contains("\"generator\":\"offline\"");
    }
  }

  @Test
  void aBodyThatStopsArrivingIsAnswered408OnceItsIdleTimeoutHasPassed() {
    try (TestServer server = TestServer.start(InterventionServer.builder(Settings.of(Map.of()))
        .profile(Profile.OFFLINE).bodyIdleTimeout(Duration.ofMillis(200)))) {
      TestServer.RawResponse answer = raw(server, post(200, "") + PARTIAL_BODY);

      assertThat(answer.status()).isEqualTo(408);
      assertThat(answer.head()).containsIgnoringCase("Connection: close");
      JsonNode error = TestServer.json(answer.body());
      assertThat(error.path("code").asText()).isEqualTo("body_timeout");
      assertThat(error.path("fields")).extracting(JsonNode::asText).containsExactly("body");
      assertThat(answer.body()).doesNotContain("Budi");
      waitUntil(() -> server.server.pendingBodies() == 0);
    }
  }

  @Test
  void aChunkedBodyLongerThanTheLimitIsRefused413() {
    String chunk = "x".repeat(10_000);
    String chunked = Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n";
    try (TestServer server = TestServer.offline(Map.of())) {
      TestServer.RawResponse answer = raw(server, "POST /v1/interventions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked + chunked + "0\r\n\r\n");

      assertThat(answer.status()).isEqualTo(413);
      assertThat(TestServer.json(answer.body()).path("code").asText()).isEqualTo("body_too_large");
    }
  }

  /** The head of a POST to the typed route declaring {@code length} bytes, with more header lines. */
  private static String post(long length, String moreHeaders) {
    return "POST /v1/interventions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + moreHeaders + "Content-Length: " + length + "\r\n\r\n";
  }

  private static TestServer.RawResponse raw(TestServer server, String request) {
    return server.raw(request);
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int next = in.read();
      if (next < 0) {
        break;
      }
      head.append((char) next);
    }
    return head.toString();
  }

  private static HttpResponse<String> getWithin(TestServer server, String path, Duration timeout) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    return client.send(HttpRequest.newBuilder(server.uri(path)).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits, without sleeping, for a condition the server reaches on its own threads. */
  private static void waitUntil(java.util.function.BooleanSupplier condition) {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("the server never reached the expected state");
      }
      Thread.onSpinWait();
    }
  }

  /** Connections that sent part of a request and wait, closed at the end of the test. */
  private static final class Stalled implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    void open(TestServer server, String start) throws IOException {
      Socket socket = new Socket("127.0.0.1", server.server.port());
      sockets.add(socket);
      socket.getOutputStream().write(start.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
    }

    @Override
    public void close() {
      for (Socket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // Closing a connection the server already closed.
        }
      }
    }
  }
}
