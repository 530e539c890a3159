package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.SettingsException;
import org.emodu.intervention.core.chat.ChatMessage;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTuningFileBuilderTest {

  private static final List<Exemplar> CORPUS = ExemplarCorpus.builtIn().exemplars();

  @Test
  void everyExampleIsTheProfilesRunTimeMessagesPlusTheRenderedExemplar() {
    for (PromptProfile profile : List.of(PromptProfile.fineTuned("ft:model"), PromptProfile.base("gpt-3.5-turbo"))) {
      FineTuningFileBuilder builder = new FineTuningFileBuilder(profile).seed(5);
      for (Exemplar exemplar : CORPUS.subList(0, 30)) {
        InterventionRequest request = builder.request(exemplar, 1);
        List<ChatMessage> messages = builder.messages(exemplar, 1);
        assertThat(messages.subList(0, 2)).isEqualTo(profile.messages(request));
        assertThat(messages.get(2)).isEqualTo(ChatMessage.assistant(exemplar.render(request)));
        assertThat(messages.get(2).content()).doesNotContain("{username}", "{subject}", "{classname}");
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameFileAndRenderingsVaryTheNames(@TempDir Path directory) {
    FineTuningFileBuilder builder = new FineTuningFileBuilder(PromptProfile.fineTuned("m")).seed(9).renderings(3);
    Path first = directory.resolve("a.jsonl");
    Path second = directory.resolve("b.jsonl");
    assertThat(builder.write(CORPUS, first, false)).isEqualTo(CORPUS.size() * 3);
    builder.write(CORPUS, second, false);
    assertThat(first).hasSameTextualContentAs(second);
    assertThat(List.of(builder.request(CORPUS.get(0), 1), builder.request(CORPUS.get(0), 2), builder.request(CORPUS.get(0), 3)))
        .extracting(InterventionRequest::username).doesNotHaveDuplicates();
    assertThat(builder.seed(10).request(CORPUS.get(5), 1)).isNotEqualTo(builder.request(CORPUS.get(5), 1));
  }

  @Test
  void writesOneChatExamplePerLineThatTheValidatorPasses(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("train.jsonl");
    new FineTuningFileBuilder(PromptProfile.fineTuned("m")).write(CORPUS, file, false);

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(CORPUS.size());
    JsonNode first = Json.mapper().readTree(lines.get(0));
    assertThat(first.fieldNames()).toIterable().containsExactly("messages");
    assertThat(first.get("messages")).extracting(message -> message.get("role").asText()).containsExactly("system", "user", "assistant");
    ValidationReport report = new FineTuningFileValidator().validate(file);
    assertThat(report.errors()).isEmpty();
    assertThat(report.valid()).isTrue();
  }

  @Test
  void anExistingOutputIsKeptUnlessForced(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("train.jsonl");
    Files.writeString(file, "keep me\n");
    FineTuningFileBuilder builder = new FineTuningFileBuilder(PromptProfile.fineTuned("m"));
    assertThatThrownBy(() -> builder.write(CORPUS, file, false)).hasCauseInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    assertThat(file).hasContent("keep me");
    builder.write(CORPUS, file, true);
    assertThat(Files.readAllLines(file)).hasSize(CORPUS.size());
    try (var listing = Files.list(directory)) {
      assertThat(listing).as("no temporary file is left behind").containsExactly(file);
    }
  }

  @Test
  void theProfileFollowsThePromptFileSettingsAsTheGeneratorDoes(@TempDir Path directory) throws Exception {
    Path prompt = directory.resolve("prompt.txt");
    Files.writeString(prompt, "Jawab singkat.\n");
    PromptProfile profile = FineTuningFileBuilder.profile("finetuned", Settings.of(Map.of(Settings.FINETUNED_PROMPT_FILE, prompt.toString())));
    assertThat(profile.systemPrompt()).isEqualTo("Jawab singkat.");
    assertThat(FineTuningFileBuilder.profile("base", Settings.of(Map.of())).systemPrompt()).isEqualTo(PromptProfile.builtInPrompt("base"));
    assertThatThrownBy(() -> FineTuningFileBuilder.profile("small", Settings.of(Map.of())))
        .hasMessage("profile 'small' is not known; use finetuned or base");
    assertThatThrownBy(() -> FineTuningFileBuilder.profile("base", Settings.of(Map.of(Settings.BASE_PROMPT_FILE, directory.resolve("none.txt").toString()))))
        .isInstanceOf(SettingsException.class).hasMessageStartingWith(Settings.BASE_PROMPT_FILE);
  }
}
