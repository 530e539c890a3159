package org.emodu.intervention.core.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.chat.ChatReply;
import org.emodu.intervention.core.chat.ChatRequest;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.chat.TokenUsage;
import org.emodu.intervention.core.generation.ExemplarGenerator;
import org.emodu.intervention.core.generation.FallbackGenerator;
import org.emodu.intervention.core.generation.PromptedChatGenerator;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiChatBackendTest {

  private static final String KEY = "sk-test-0123456789abcdefghijklmnopqrstuvwxyz";

  private final MockWebServer server = new MockWebServer();
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private OpenAiChatBackend backend;

  private final InterventionRequest request = InterventionRequest.builder()
      .username("Budi").emotion("bosan").reinforcement("positive").arcs("attention")
      .classname("XII-IPA-1").subject("Fisika").build();

  @BeforeEach
  void start() throws IOException {
    server.start();
    backend = backend(Duration.ofSeconds(5), 2);
  }

  @AfterEach
  void stop() throws IOException {
    backend.close();
    server.shutdown();
  }

  private OpenAiChatBackend backend(Duration timeout, int retries) {
    return new OpenAiChatBackend(OpenAiConnection.builder()
        .apiKey(KEY)
        .baseUrl(server.url("/v1").toString())
        .timeout(timeout)
        .maxRetries(retries)
        .sleeper(sleeper)
        .build());
  }

  @Test
  void sendsTheProfilesMessagesModelAndSamplingSettings() throws Exception {
    server.enqueue(Fixtures.chatCompletion());
    PromptProfile profile = PromptProfile.base("gpt-3.5-turbo");

    ChatReply reply = backend.complete(profile.chatRequest(request));

    RecordedRequest recorded = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(recorded.getPath()).isEqualTo("/v1/chat/completions");
    assertThat(recorded.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    JsonNode body = Json.mapper().readTree(recorded.getBody().readUtf8());
    assertThat(body.get("model").asText()).isEqualTo("gpt-3.5-turbo");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(150);
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.7);
    assertThat(body.get("messages")).hasSize(2);
    assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("system");
    assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo(profile.systemPrompt());
    assertThat(body.get("messages").get(1).get("role").asText()).isEqualTo("user");
    assertThat(body.get("messages").get(1).get("content").asText()).isEqualTo(
        "Username: Budi\nEmotion: bored\nReinforcement: positive\nARCSModel: attention\nClassname: XII-IPA-1\nSubject: Fisika");

    assertThat(reply.text()).startsWith("Hai Budi! Yuk tebak");
    assertThat(reply.model()).isEqualTo("gpt-3.5-turbo-0125");
    assertThat(reply.usage()).isEqualTo(new TokenUsage(400, 41, 441));
    assertThat(reply.id()).isEqualTo("chatcmpl-9xYzAbCdEf0123456789");
  }

  @Test
  void overriddenMaxTokensAndTemperatureAreSent() throws Exception {
    server.enqueue(Fixtures.chatCompletion());
    PromptProfile profile = PromptProfile.fineTuned("ft:gpt-3.5-turbo-0125:emodu::abc123").withMaxTokens(60).withTemperature(0.2);

    backend.complete(profile.chatRequest(request));

    JsonNode body = Json.mapper().readTree(server.takeRequest().getBody().readUtf8());
    assertThat(body.get("model").asText()).isEqualTo("ft:gpt-3.5-turbo-0125:emodu::abc123");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(60);
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
  }

  @Test
  void retriesRateLimitsHonouringRetryAfter() throws Exception {
    server.enqueue(Fixtures.rateLimited(2));
    server.enqueue(Fixtures.chatCompletion());

    ChatReply reply = backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(request));

    assertThat(reply.usage().total()).isEqualTo(441);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void rateLimitOutlastingTheRetriesIsAClearError() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(Fixtures.rateLimited(1));
    }
    ModelException error = catchThrowableOfType(ModelException.class,
        () -> backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)));

    assertThat(error.kind()).isEqualTo(ModelException.Kind.RATE_LIMITED);
    assertThat(error.status()).isEqualTo(429);
    assertThat(error.getMessage()).contains("still rate limiting after 2 retries").contains("Rate limit reached");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void rejectedKeyIsReportedWithoutTheKey() {
    server.enqueue(Fixtures.json(401, Fixtures.body("error-401.json")));

    ModelException error = catchThrowableOfType(ModelException.class,
        () -> backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)));

    assertThat(error.kind()).isEqualTo(ModelException.Kind.AUTHENTICATION);
    assertThat(error.getMessage()).startsWith("API key rejected by").contains("OPENAI_API_KEY")
        .doesNotContain(KEY).doesNotContain("sk-").doesNotContain("abcd");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void serverErrorsAreRetriedThenReported() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(Fixtures.json(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
    }

    ModelException error = catchThrowableOfType(ModelException.class,
        () -> backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)));

    assertThat(error.kind()).isEqualTo(ModelException.Kind.SERVER_ERROR);
    assertThat(error.getMessage()).contains("HTTP 500").contains("The server had an error");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void badRequestNamesTheServersReasonAndWhatToCheck() {
    server.enqueue(Fixtures.json(404, "{\"error\":{\"message\":\"The model `gpt-9` does not exist\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}"));

    ModelException error = catchThrowableOfType(ModelException.class,
        () -> backend.complete(PromptProfile.base("gpt-9").chatRequest(request)));

    assertThat(error.kind()).isEqualTo(ModelException.Kind.BAD_REQUEST);
    assertThat(error.getMessage()).contains("The model `gpt-9` does not exist").contains("gpt-9").contains("OPENAI_MODEL");
  }

  @Test
  void malformedBodyIsAClearError() {
    server.enqueue(Fixtures.json(200, "this is not json"));

    ModelException error = catchThrowableOfType(ModelException.class,
        () -> backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)));

    assertThat(error.kind()).isEqualTo(ModelException.Kind.MALFORMED_RESPONSE);
    assertThat(error.getMessage()).contains("answered with a body that cannot be read as JSON")
        .contains("expected a value (a text in double quotes, a number, true, false, null, an object or a list), found 'this'");
  }

  @Test
  void garbageFromTheServerIsDescribedNotEchoed() {
    server.enqueue(Fixtures.json(200, "\u0000\u001b[2J\u202Egarbage " + "x".repeat(5_000)));

    ModelException error = catchThrowableOfType(ModelException.class,
        () -> backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)));

    assertThat(error.kind()).isEqualTo(ModelException.Kind.MALFORMED_RESPONSE);
    assertThat(error.getMessage()).startsWith(server.getHostName() + ":" + server.getPort()
            + " answered with a body that cannot be read as JSON while trying to generate with the model gpt-3.5-turbo (at line 1, column ")
        .contains("the control character U+").contains("check that OPENAI_BASE_URL points to an OpenAI-compatible API")
        .doesNotContain("\u0000").doesNotContain("\u001b").doesNotContain("\u202E").doesNotContain("xxxxxxxxxx")
        .doesNotContain("Source:").doesNotContain("REDACTED").doesNotContain("StreamReadFeature").hasSizeLessThan(400);
  }

  @Test
  void anAnswerNestedTooDeeplyIsSaidWithoutTheParsersInternals() {
    server.enqueue(Fixtures.json(200, "{\"choices\":" + "[".repeat(3_000)));

    ModelException error = catchThrowableOfType(ModelException.class,
        () -> backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)));

    assertThat(error.kind()).isEqualTo(ModelException.Kind.MALFORMED_RESPONSE);
    assertThat(error.getMessage()).contains("nested more than").doesNotContain("StreamReadConstraints").doesNotContain("getMax");
  }

  @Test
  void aServersOwnMessageIsShortenedAndEscaped() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(Fixtures.json(500, "{\"error\":{\"message\":\"\\u001b[31m\\u202E" + "rusak ".repeat(1_000)
          + "\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
    }

    ModelException error = catchThrowableOfType(ModelException.class,
        () -> backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)));

    assertThat(error.kind()).isEqualTo(ModelException.Kind.SERVER_ERROR);
    assertThat(error.getMessage()).contains("\\u001B[31m\\u202Erusak rusak").doesNotContain("\u001b").doesNotContain("\u202E")
        .hasSizeLessThan(700);
  }

  @Test
  void answerWithoutChoicesIsMalformed() {
    server.enqueue(Fixtures.json(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[]}"));

    assertThatThrownBy(() -> backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)))
        .isInstanceOfSatisfying(ModelException.class,
            error -> assertThat(error.kind()).isEqualTo(ModelException.Kind.MALFORMED_RESPONSE));
  }

  @Test
  void slowServerTimesOut() {
    backend.close();
    backend = backend(Duration.ofMillis(300), 0);
    server.enqueue(Fixtures.chatCompletion().setBodyDelay(1, TimeUnit.SECONDS));

    ModelException error = catchThrowableOfType(ModelException.class,
        () -> backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)));

    assertThat(error.kind()).isEqualTo(ModelException.Kind.TIMEOUT);
    assertThat(error.getMessage()).contains("INTERVENSI_TIMEOUT_MS");
  }

  @Test
  void aTimedOutAttemptIsNotSentAgainAndTheMessageSaysSo() {
    backend.close();
    backend = backend(Duration.ofMillis(300), 2);
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    }

    ModelException error = catchThrowableOfType(ModelException.class,
        () -> backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)));

    assertThat(error.kind()).isEqualTo(ModelException.Kind.TIMEOUT);
    assertThat(error.isTransient()).isTrue();
    assertThat(error.getMessage()).isEqualTo(server.getHostName() + ":" + server.getPort() + " did not answer within 300 ms while"
        + " trying to generate with the model gpt-3.5-turbo; a request that timed out is not sent again (a model that needed"
        + " that long once usually does again); raise INTERVENSI_TIMEOUT_MS or check the server");
    assertThat(server.getRequestCount()).as("requests that reached the server").isOne();
  }

  @Test
  void aTimedOutAsyncAttemptIsNotSentAgainEither() {
    backend.close();
    backend = backend(Duration.ofMillis(300), 2);
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    }

    assertThatThrownBy(() -> backend.completeAsync(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)).join())
        .cause()
        .isInstanceOfSatisfying(ModelException.class, error -> {
          assertThat(error.kind()).isEqualTo(ModelException.Kind.TIMEOUT);
          assertThat(error.getMessage()).contains("not sent again");
        });
    assertThat(server.getRequestCount()).isOne();
  }

  @Test
  void aLostConnectionIsStillRetried() throws Exception {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(Fixtures.chatCompletion());

    ChatReply reply = backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(request));

    assertThat(reply.usage().total()).isEqualTo(441);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aBodyTricklingInPastTheTimeoutTimesOutAsAWhole() {
    backend.close();
    backend = backend(Duration.ofMillis(400), 0);
    // Every read is quick; only the attempt as a whole outlasts the timeout.
    server.enqueue(Fixtures.chatCompletion().throttleBody(64, 100, TimeUnit.MILLISECONDS));

    ModelException error = catchThrowableOfType(ModelException.class,
        () -> backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)));

    assertThat(error.kind()).isEqualTo(ModelException.Kind.TIMEOUT);
  }

  @Test
  void unreachableServerIsAConnectionError() throws IOException {
    backend.close();
    server.shutdown();
    backend = backend(Duration.ofSeconds(2), 0);

    ModelException error = catchThrowableOfType(ModelException.class,
        () -> backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)));

    assertThat(error.kind()).isIn(ModelException.Kind.CONNECTION, ModelException.Kind.TIMEOUT);
    assertThat(error.getMessage()).contains("OPENAI_BASE_URL");
  }

  @Test
  void asyncCallsParseTheSameAnswer() {
    server.enqueue(Fixtures.chatCompletion());

    ChatReply reply = backend.completeAsync(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)).join();

    assertThat(reply.usage()).isEqualTo(new TokenUsage(400, 41, 441));
  }

  @Test
  void asyncFailuresCompleteWithModelExceptions() {
    server.enqueue(Fixtures.json(401, Fixtures.body("error-401.json")));

    assertThatThrownBy(() -> backend.completeAsync(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(ModelException.class, error -> {
          assertThat(error.kind()).isEqualTo(ModelException.Kind.AUTHENTICATION);
          assertThat(error.getMessage()).doesNotContain(KEY);
        });
  }

  @Test
  void hungConnectionTimesOutAsynchronously() {
    backend.close();
    backend = backend(Duration.ofMillis(300), 0);
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));

    assertThatThrownBy(() -> backend.completeAsync(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)).join())
        .cause()
        .isInstanceOfSatisfying(ModelException.class,
            error -> assertThat(error.kind()).isEqualTo(ModelException.Kind.TIMEOUT));
  }

  @Test
  void cancellingAnAsyncCallStopsItsAttemptAndEveryRetryAndSendsNoTag() throws Exception {
    backend.close();
    backend = backend(Duration.ofSeconds(1), 2);
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    }

    CompletableFuture<ChatReply> reply = backend.completeAsync(PromptProfile.base("gpt-3.5-turbo").chatRequest(request));
    RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
    reply.cancel(true);

    assertThat(first).isNotNull();
    assertThat(first.getHeader("X-Intervensi-Call")).isNull();
    // Uncancelled, the attempt would time out after 1 s and be retried at once (the test's sleeper
    // does not wait): a second request would arrive within this wait.
    assertThat(server.takeRequest(1_500, TimeUnit.MILLISECONDS)).isNull();
    assertThat(server.getRequestCount()).isOne();
    // OkHttp reports the cancelled call as an I/O error, which the SDK retries once; that attempt
    // is answered locally, without the network, in a way that stops the SDK's retries.
    assertThat(sleeper.waits).as("the SDK's retry backoffs").hasSize(1);
  }

  @Test
  void theWarmUpRunsCancelledCallsThroughTheClientWithoutReachingTheServer() throws Exception {
    server.enqueue(Fixtures.chatCompletion());
    ChatRequest sample = PromptProfile.base("gpt-3.5-turbo").chatRequest(request);

    int ended = backend.warmUpCancelledCalls(sample, 16, Duration.ofSeconds(10));

    assertThat(ended).as("calls that ended as cancelled ones do, with a ModelException").isEqualTo(16);
    assertThat(server.getRequestCount()).isZero();
    assertThat(sleeper.waits).as("the SDK's retry backoffs").isEmpty();
    // The client is as it was: the next call is sent and answered.
    assertThat(backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(request)).text()).startsWith("Hai Budi!");
    assertThat(server.getRequestCount()).isOne();
  }

  @Test
  void aFallbackAtTheDeadlineStopsTheModelCallBehindIt() throws Exception {
    backend.close();
    backend = backend(Duration.ofSeconds(1), 2);
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    }
    FallbackGenerator generator = new FallbackGenerator(
        new PromptedChatGenerator(backend, PromptProfile.base("gpt-3.5-turbo")), ExemplarGenerator.builtIn(),
        Duration.ofMillis(200));

    Intervention answer = generator.generateAsync(request).get(5, TimeUnit.SECONDS);

    assertThat(answer.fallback()).isTrue();
    assertThat(server.takeRequest(1, TimeUnit.SECONDS)).isNotNull();
    assertThat(server.takeRequest(1_500, TimeUnit.MILLISECONDS)).isNull();
    assertThat(server.getRequestCount()).isOne();
  }

  @Test
  void connectionDescriptionNeverShowsTheKey() {
    assertThat(backend.connection().toString()).doesNotContain(KEY).contains("apiKey=[set]");
  }
}
