package org.emodu.intervention.core.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockWebServer;
import org.emodu.intervention.core.Generators;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.OpenedGenerator;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.SettingsException;
import org.emodu.intervention.core.chat.ChatRequest;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.internal.Secrets;
import org.emodu.intervention.testing.openai.Fixtures;
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

  @Test
  void credentialsInTheBaseUrlAreShownNowhere() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(Fixtures.json(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
      String url = "http://proxy-user:s3cr3t-pass@" + server.getHostName() + ":" + server.getPort() + "/v1";
      Settings settings = Settings.of(Map.of(Settings.OPENAI_API_KEY, KEY, Settings.OPENAI_BASE_URL, url, Settings.MAX_RETRIES, "0"));
      OpenAiConnection connection = OpenAiConnection.fromSettings(settings);

      assertThat(connection.toString()).contains("http://[redacted]@").doesNotContain("s3cr3t").doesNotContain("proxy-user");
      assertThat(connection.shownBaseUrl()).isEqualTo("http://[redacted]@" + server.getHostName() + ":" + server.getPort() + "/v1");
      assertThat(connection.host()).isEqualTo(server.getHostName() + ":" + server.getPort());
      assertThat(settings.toString()).doesNotContain("s3cr3t").doesNotContain("proxy-user");
      try (OpenedGenerator opened = Generators.builder(settings).profile(Profile.AUTO).open()) {
        assertThat(String.join("\n", opened.notices())).contains("http://[redacted]@").doesNotContain("s3cr3t");
      }
      try (OpenAiChatBackend backend = new OpenAiChatBackend(connection)) {
        ModelException error = org.assertj.core.api.Assertions.catchThrowableOfType(ModelException.class,
            () -> backend.complete(PromptProfile.base("gpt-3.5-turbo").chatRequest(InterventionRequest.builder()
                .username("Budi").emotion("bosan").classname("XII-IPA-1").subject("Fisika").build())));
        assertThat(error.getMessage()).contains("HTTP 500").doesNotContain("s3cr3t").doesNotContain("proxy-user");
      }
    }
    assertThatThrownBy(() -> OpenAiConnection.builder().baseUrl("ftp://user:s3cr3t@example.com/v1"))
        .isInstanceOf(SettingsException.class).hasMessageContaining("ftp://[redacted]@example.com").hasMessageNotContaining("s3cr3t");
    assertThatThrownBy(() -> OpenAiConnection.builder().baseUrl("https://user:p@ss@example.com/v1"))
        .isInstanceOf(SettingsException.class).hasMessageNotContaining("p@ss").hasMessageNotContaining("user:");
    assertThat(Secrets.redact("cannot reach https://a:b@c.example/v1 or http://x.example/p?mail=a@b"))
        .isEqualTo("cannot reach https://[redacted]@c.example/v1 or http://x.example/p?mail=a@b");
  }
}
