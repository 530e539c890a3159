package org.emodu.intervention.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

class OpenAiConnectionTest {

  private static final String KEY = "sk-test-connection-key-0123456789";

  @Test
  void readsEveryValueFromTheSettings() {
    OpenAiConnection connection = OpenAiConnection.fromSettings(Settings.of(Map.of(
        Settings.OPENAI_API_KEY, KEY,
        Settings.OPENAI_BASE_URL, "http://localhost:8000/v1/",
        Settings.TIMEOUT_MS, "2500",
        Settings.MAX_RETRIES, "1",
        Settings.MAX_CONNECTIONS, "64",
        Settings.KEEP_ALIVE_MS, "1500")));

    assertThat(connection.baseUrl()).isEqualTo("http://localhost:8000/v1");
    assertThat(connection.timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(connection.maxRetries()).isEqualTo(1);
    assertThat(connection.maxConnections()).isEqualTo(64);
    assertThat(connection.keepAlive()).isEqualTo(Duration.ofMillis(1500));
    assertThat(connection.toString()).contains("keepAlive=PT1.5S").doesNotContain(KEY);
  }

  @Test
  void keepsIdleConnectionsUnderFiveSecondsByDefault() {
    OpenAiConnection connection = OpenAiConnection.fromSettings(Settings.of(Map.of(Settings.OPENAI_API_KEY, KEY)));

    // Node and uvicorn, behind many OpenAI-compatible servers, close idle connections after 5 s.
    assertThat(connection.keepAlive()).isEqualTo(Duration.ofSeconds(4)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aKeepAliveThatIsNotANumberIsNamedWithTheAcceptedRange() {
    Settings settings = Settings.of(Map.of(Settings.OPENAI_API_KEY, KEY, Settings.KEEP_ALIVE_MS, "lima detik"));

    assertThatThrownBy(() -> OpenAiConnection.fromSettings(settings))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining(Settings.KEEP_ALIVE_MS)
        .hasMessageContaining("must be a whole number from 1");
  }

  @Test
  void rejectsAKeepAliveThatIsNotPositive() {
    assertThatThrownBy(() -> OpenAiConnection.builder().keepAlive(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keep-alive must be positive");
  }

  @Test
  void reusesAConnectionWithinTheKeepAlive() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(Fixtures.chatCompletion());
      server.enqueue(Fixtures.chatCompletion());
      try (OpenAiChatBackend backend = new OpenAiChatBackend(OpenAiConnection.builder()
          .apiKey(KEY).baseUrl(server.url("/v1").toString()).keepAlive(Duration.ofMinutes(10)).build())) {
        ChatRequest request = PromptProfile.base("gpt-3.5-turbo").chatRequest(InterventionRequest.builder()
            .username("Budi").emotion("bosan").classname("XII-IPA-1").subject("Fisika").build());

        backend.complete(request);
        backend.complete(request);
      }

      assertThat(server.takeRequest(1, TimeUnit.SECONDS).getSequenceNumber()).as("first on its connection").isZero();
      assertThat(server.takeRequest(1, TimeUnit.SECONDS).getSequenceNumber()).as("second on the same connection").isEqualTo(1);
    }
  }
}
