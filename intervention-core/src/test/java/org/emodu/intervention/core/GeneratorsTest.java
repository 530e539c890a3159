package org.emodu.intervention.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorsTest {

  private final MockWebServer server = new MockWebServer();
  private final InterventionRequest request = InterventionRequest.builder()
      .username("Budi").emotion("bosan").classname("XII-IPA-1").subject("Fisika").build();

  @TempDir
  Path directory;

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private Map<String, String> modelSettings() {
    return Map.of("OPENAI_API_KEY", "sk-test-key-1234567890", "OPENAI_BASE_URL", server.url("/v1").toString(),
        "INTERVENSI_MAX_RETRIES", "0");
  }

  @Test
  void autoWithoutAKeyRunsOfflineAndSaysSo() {
    try (OpenedGenerator opened = Generators.builder(Settings.of(Map.of())).open()) {
      assertThat(opened.profile()).isEqualTo(Profile.OFFLINE);
      assertThat(opened.notices()).containsExactly(
          "OPENAI_API_KEY is not set: generating offline from the builtin-exemplars corpus");
      assertThat(opened.generator().generate(request).generator()).isEqualTo("offline");
    }
  }

  @Test
  void autoWithAKeyAsksTheBaseModel() throws Exception {
    server.enqueue(Fixtures.chatCompletion());
    try (OpenedGenerator opened = Generators.builder(Settings.of(modelSettings())).open()) {
      Intervention intervention = opened.generator().generate(request);

      assertThat(opened.profile()).isEqualTo(Profile.BASE);
      assertThat(intervention.generator()).isEqualTo("base");
      assertThat(intervention.fallback()).isFalse();
      assertThat(server.takeRequest().getBody().readUtf8()).contains("\"model\":\"gpt-3.5-turbo\"");
    }
  }

  @Test
  void autoFallsBackOfflineWhenTheModelFails() {
    server.enqueue(Fixtures.json(401, Fixtures.body("error-401.json")));
    try (OpenedGenerator opened = Generators.builder(Settings.of(modelSettings())).open()) {
      Intervention intervention = opened.generator().generate(request);

      assertThat(intervention.fallback()).isTrue();
      assertThat(intervention.fallbackReason().orElseThrow()).contains("API key rejected").doesNotContain("sk-");
    }
  }

  @Test
  void anExplicitModelProfileSurfacesModelErrors() {
    server.enqueue(Fixtures.json(401, Fixtures.body("error-401.json")));
    try (OpenedGenerator opened = Generators.builder(Settings.of(modelSettings())).profile(Profile.BASE).open()) {
      assertThatThrownBy(() -> opened.generator().generate(request)).isInstanceOf(ModelException.class);
    }
  }

  @Test
  void fineTunedProfileNamesEverythingItLacks() {
    MissingSettingsException error = catchThrowableOfType(MissingSettingsException.class,
        () -> Generators.builder(Settings.of(Map.of())).profile(Profile.FINETUNED).open());

    assertThat(error.missing()).containsExactly("OPENAI_API_KEY", "OPENAI_FINE_TUNED_MODEL");
  }

  @Test
  void fineTunedProfileAsksTheFineTunedModelWithTheShortPrompt() throws Exception {
    server.enqueue(Fixtures.chatCompletion());
    Map<String, String> values = new java.util.HashMap<>(modelSettings());
    values.put("OPENAI_FINE_TUNED_MODEL", "ft:gpt-3.5-turbo-0125:emodu::abc");
    try (OpenedGenerator opened = Generators.builder(Settings.of(values)).profile(Profile.FINETUNED).open()) {
      opened.generator().generate(request);
    }

    String body = server.takeRequest().getBody().readUtf8();
    assertThat(body).contains("ft:gpt-3.5-turbo-0125:emodu::abc").contains(PromptProfile.builtInPrompt("finetuned"));
  }

  @Test
  void promptFilesAndCorpusFilesOverrideTheBuiltIns() throws Exception {
    Path prompt = directory.resolve("prompt.txt");
    Files.writeString(prompt, "Tulis satu kalimat motivasi.");
    Path corpus = directory.resolve("corpus.jsonl");
    Files.writeString(corpus, "{\"id\":\"own-1\",\"emotion\":\"bored\",\"reinforcement\":\"positive\","
        + "\"arcs\":\"attention\",\"text\":\"Halo {username}, ayo mulai {subject}! 🚀\"}\n");
    server.enqueue(Fixtures.chatCompletion());
    Map<String, String> values = new java.util.HashMap<>(modelSettings());
    values.put("INTERVENSI_BASE_PROMPT_FILE", prompt.toString());
    values.put("INTERVENSI_CORPUS", corpus.toString());

    try (OpenedGenerator opened = Generators.builder(Settings.of(values)).profile(Profile.BASE).open()) {
      opened.generator().generate(request);
    }
    try (OpenedGenerator opened = Generators.builder(Settings.of(values)).profile(Profile.OFFLINE).open()) {
      assertThat(opened.generator().generate(request).text()).isEqualTo("Halo Budi, ayo mulai Fisika! 🚀");
    }

    assertThat(server.takeRequest().getBody().readUtf8()).contains("Tulis satu kalimat motivasi.");
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(() -> Generators.builder(Settings.of(Map.of("INTERVENSI_STRATEGIES", "bored=sometimes")))
        .open())
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("INTERVENSI_STRATEGIES: strategy mapping: 'bored=sometimes' is not of the form");
    assertThatThrownBy(() -> Generators.builder(Settings.of(Map.of("OPENAI_API_KEY", "k", "OPENAI_BASE_URL", "ftp://x")))
        .open())
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("OPENAI_BASE_URL must be an http or https URL");
  }
}
