package org.emodu.intervention.core.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.chat.ChatBackend;
import org.emodu.intervention.core.chat.ChatReply;
import org.emodu.intervention.core.chat.ChatRequest;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.chat.TokenUsage;
import org.emodu.intervention.core.internal.Text;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class PromptedChatGeneratorTest {

  private final InterventionRequest request = InterventionRequest.builder()
      .username("Budi").emotion("bosan").classname("XII-IPA-1").subject("Fisika").build();
  private final ChatBackend backend = mock(ChatBackend.class);

  @Test
  void asksTheBackendWithTheProfileAndReportsUsage() {
    when(backend.complete(any())).thenReturn(
        new ChatReply("Hai Budi, yuk tebak! 🎢", "gpt-3.5-turbo-0125", new TokenUsage(400, 20, 420), "c-1"));
    PromptProfile profile = PromptProfile.base("gpt-3.5-turbo");

    Intervention intervention = new PromptedChatGenerator(backend, profile).generate(request);

    ArgumentCaptor<ChatRequest> sent = ArgumentCaptor.forClass(ChatRequest.class);
    verify(backend).complete(sent.capture());
    assertThat(sent.getValue()).isEqualTo(profile.chatRequest(request));
    assertThat(intervention.text()).isEqualTo("Hai Budi, yuk tebak! 🎢");
    assertThat(intervention.generator()).isEqualTo("base");
    assertThat(intervention.model()).isEqualTo("gpt-3.5-turbo-0125");
    assertThat(intervention.usage()).isEqualTo(new TokenUsage(400, 20, 420));
    assertThat(intervention.requestId()).isNotBlank();
  }

  @Test
  void repairsTheModelsAnswerAndSaysWhat() {
    when(backend.complete(any())).thenReturn(
        new ChatReply("\"Semangat ya Budi!\"", "m", TokenUsage.NONE, "c-2"));

    Intervention intervention = new PromptedChatGenerator(backend, PromptProfile.fineTuned("ft:m")).generate(request);

    assertThat(intervention.text()).isEqualTo("Semangat ya Budi! 😊");
    assertThat(intervention.repairs()).containsExactly("removed wrapping quotes", "added an emoji");
    assertThat(intervention.compliant()).isTrue();
    assertThat(intervention.generator()).isEqualTo("finetuned");
  }

  @Test
  void anEmptyAnswerIsAModelError() {
    when(backend.complete(any())).thenReturn(new ChatReply("   ", "m", TokenUsage.NONE, "c-3"));

    assertThatThrownBy(() -> new PromptedChatGenerator(backend, PromptProfile.base("m")).generate(request))
        .isInstanceOfSatisfying(ModelException.class,
            error -> assertThat(error.kind()).isEqualTo(ModelException.Kind.MALFORMED_RESPONSE));
  }

  @Test
  void fineTunedPromptIsShortAndBaseCoversTheRules() {
    String base = PromptProfile.base("m").systemPrompt();
    assertThat(base).contains("Attention", "Relevance", "Confidence", "Satisfaction", "Positive", "Negative",
        "Maksimal 25 kata", "emoji", "Jangan berasumsi", "Username", "ARCSModel");
    assertThat(Text.countWords(PromptProfile.fineTuned("m").systemPrompt())).isLessThan(15);
  }
}
