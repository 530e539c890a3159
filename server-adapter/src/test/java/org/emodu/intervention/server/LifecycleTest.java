package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.emodu.intervention.core.MissingSettingsException;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.chat.ChatBackend;
import org.emodu.intervention.core.chat.ChatReply;
import org.emodu.intervention.core.chat.ChatRequest;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.chat.TokenUsage;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  /** A model whose one answer the test releases when it chooses. */
  private static final class HeldBackend implements ChatBackend {
    final CountDownLatch asked = new CountDownLatch(1);
    final CompletableFuture<ChatReply> answer = new CompletableFuture<>();

    @Override
    public ChatReply complete(ChatRequest request) {
      return completeAsync(request).join();
    }

    @Override
    public CompletableFuture<ChatReply> completeAsync(ChatRequest request) {
      asked.countDown();
      return answer;
    }
  }

  @Test
  void stopLetsARequestInFlightFinishThenRefusesConnections() throws Exception {
    HeldBackend backend = new HeldBackend();
    TestServer server = TestServer.start(InterventionServer.builder(Settings.of(Map.of(Settings.DEADLINE_MS, "20000")))
        .model(backend, PromptProfile.base("held-model")));
    HttpClient client = HttpClient.newHttpClient();
    CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
        HttpRequest.newBuilder(server.uri("/openai?" + TestServer.SEED_QUERY)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(backend.asked.await(20, TimeUnit.SECONDS)).isTrue();

    Thread stopper = new Thread(server.server::stop, "test-stopper");
    stopper.start();
    waitUntilWaiting(stopper);
    assertThat(server.server.ready()).isFalse();
    assertThat(inFlight).isNotDone();

    backend.answer.complete(new ChatReply("Ayo Budi, sedikit lagi pasti bisa! 💪", "held-model", new TokenUsage(10, 5, 15),
        "chatcmpl-held"));
    HttpResponse<String> response = inFlight.get(20, TimeUnit.SECONDS);
    stopper.join(20_000);
    int port = server.server.port();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"success\",\"response\":\"Ayo Budi, sedikit lagi pasti bisa! 💪\"}");
    assertThat(stopper.isAlive()).isFalse();
    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
  }

  @Test
  void stopGivesUpOnARequestThatOutlastsTheGrace() throws Exception {
    HeldBackend backend = new HeldBackend();
    TestServer server = TestServer.start(InterventionServer.builder(Settings.of(Map.of(Settings.DEADLINE_MS, "20000")))
        .model(backend, PromptProfile.base("held-model"))
        .shutdownGrace(Duration.ofMillis(200)));
    CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(
        HttpRequest.newBuilder(server.uri("/openai?" + TestServer.SEED_QUERY)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(backend.asked.await(20, TimeUnit.SECONDS)).isTrue();

    server.server.stop();

    assertThat(server.server.stopping()).isTrue();
    // Cut off: Jetty answers it 500 as it stops (or drops the connection), never with an intervention.
    int status;
    try {
      status = inFlight.get(20, TimeUnit.SECONDS).statusCode();
    } catch (ExecutionException e) {
      status = -1;
    }
    assertThat(status).isNotEqualTo(200);
  }

  @Test
  void readyOnlyOnceTheGeneratorIsBuilt() {
    try (TestServer server = TestServer.offline(Map.of())) {
      assertThat(server.server.ready()).isTrue();
      assertThat(server.server.profile()).isEqualTo(Profile.OFFLINE);
      HttpResponse<String> ready = server.get("/readyz");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    }
  }

  @Test
  void aProfileMissingItsSettingsFailsAtStartNamingThemAndFreesThePort() {
    assertThatThrownBy(() -> TestServer.start(Map.of(), Profile.FINETUNED))
        .isInstanceOf(MissingSettingsException.class)
        .hasMessageContaining(Settings.OPENAI_API_KEY)
        .hasMessageContaining(Settings.OPENAI_FINE_TUNED_MODEL);
  }

  @Test
  void aPortInUseIsReportedWithWhatToDo() {
    try (TestServer first = TestServer.offline(Map.of())) {
      assertThatThrownBy(() -> InterventionServer.builder(Settings.of(Map.of()))
              .host("127.0.0.1").port(first.server.port()).profile(Profile.OFFLINE).start())
          .isInstanceOf(PortUnavailableException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + first.server.port())
          .hasMessageContaining("choose another port");
    }
  }

  @Test
  void aPortInUseIsWhatIsReportedWhenTheGeneratorBuiltBesideItFailsToo() {
    try (TestServer first = TestServer.offline(Map.of())) {
      assertThatThrownBy(() -> InterventionServer.builder(Settings.of(Map.of()))
              .host("127.0.0.1").port(first.server.port()).profile(Profile.FINETUNED).start())
          .isInstanceOf(PortUnavailableException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + first.server.port());
    }
  }

  @Test
  void aGeneratorThatFailsToBuildStopsTheServerItWasBuiltBeside() throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    assertThatThrownBy(() -> InterventionServer.builder(Settings.of(Map.of()))
            .host("127.0.0.1").port(port).profile(Profile.FINETUNED).start())
        .isInstanceOf(MissingSettingsException.class);
    // The port is free again: a second server binds it.
    try (InterventionServer again = InterventionServer.builder(Settings.of(Map.of()))
        .host("127.0.0.1").port(port).profile(Profile.OFFLINE).start()) {
      assertThat(again.port()).isEqualTo(port);
    }
  }

  @Test
  void notReadyRoutesAnswer503WithRetryAfterWhileStopping() throws Exception {
    HeldBackend backend = new HeldBackend();
    TestServer server = TestServer.start(InterventionServer.builder(Settings.of(Map.of(Settings.DEADLINE_MS, "20000")))
        .model(backend, PromptProfile.base("held-model")));
    HttpClient client = HttpClient.newHttpClient();
    // Open a connection first, so that a request can still arrive on it once stopping has begun.
    client.send(HttpRequest.newBuilder(server.uri("/healthz")).build(), HttpResponse.BodyHandlers.ofString());
    CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
        HttpRequest.newBuilder(server.uri("/openai?" + TestServer.SEED_QUERY)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(backend.asked.await(20, TimeUnit.SECONDS)).isTrue();
    Thread stopper = new Thread(server.server::stop, "test-stopper");
    stopper.start();
    waitUntilWaiting(stopper);

    assertThat(server.server.ready()).isFalse();
    backend.answer.complete(new ChatReply("Semangat Budi! 💪", "held-model", TokenUsage.NONE, "chatcmpl-held"));
    assertThat(inFlight.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    stopper.join(20_000);
  }

  @Test
  void aKeepAliveRequestDuringTheDrainIsAnswered503JsonWithRetryAfterWithoutEchoingItsUri() throws Exception {
    HeldBackend backend = new HeldBackend();
    TestServer server = TestServer.start(InterventionServer.builder(Settings.of(Map.of(Settings.DEADLINE_MS, "20000")))
        .model(backend, PromptProfile.base("held-model")));
    CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(
        HttpRequest.newBuilder(server.uri("/openai?" + TestServer.SEED_QUERY)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(backend.asked.await(20, TimeUnit.SECONDS)).isTrue();
    try (java.net.Socket keptAlive = new java.net.Socket("127.0.0.1", server.server.port())) {
      keptAlive.setSoTimeout(20_000);
      java.io.InputStream in = keptAlive.getInputStream();
      send(keptAlive, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(readAnswer(in)).startsWith("HTTP/1.1 200");

      Thread stopper = new Thread(server.server::stop, "test-stopper");
      stopper.start();
      waitUntilWaiting(stopper);
      send(keptAlive, "GET /openai?" + TestServer.SEED_QUERY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      TestServer.RawResponse drained = TestServer.RawResponse.parse(in.readAllBytes());

      assertThat(drained.status()).isEqualTo(503);
      assertThat(drained.header("Content-Type")).startsWith("application/json");
      assertThat(drained.header("Retry-After")).isEqualTo("1");
      assertThat(drained.header("X-Request-Id")).isNotBlank();
      assertThat(TestServer.json(drained.body()).path("code").asText()).isEqualTo("not_ready");
      assertThat(drained.body()).doesNotContain("Budi", "/openai", "<html");

      backend.answer.complete(new ChatReply("Semangat Budi! 💪", "held-model", TokenUsage.NONE, "chatcmpl-held"));
      assertThat(inFlight.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      stopper.join(20_000);
    }
  }

  private static void send(java.net.Socket socket, String request) throws java.io.IOException {
    socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
  }

  /** Reads one answer with a Content-Length off a connection that stays open. */
  private static String readAnswer(java.io.InputStream in) throws java.io.IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int next = in.read();
      if (next < 0) {
        throw new java.io.EOFException("the connection closed within an answer's head");
      }
      head.append((char) next);
    }
    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
    int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
    return head + new String(in.readNBytes(bodyLength), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Waits (without sleeping) until the stopping thread blocks, waiting for requests in flight. */
  private static void waitUntilWaiting(Thread stopper) {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (stopper.getState() != Thread.State.TIMED_WAITING && stopper.getState() != Thread.State.WAITING) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("stop() never waited for the request in flight");
      }
      Thread.onSpinWait();
    }
  }
}
