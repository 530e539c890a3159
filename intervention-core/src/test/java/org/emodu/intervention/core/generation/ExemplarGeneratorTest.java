package org.emodu.intervention.core.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.Reinforcement;
import org.emodu.intervention.core.chat.TokenUsage;
import org.junit.jupiter.api.Test;

class ExemplarGeneratorTest {

  private final InterventionRequest request = InterventionRequest.builder()
      .username("Budi").emotion("bosan").reinforcement("negative").arcs("relevance")
      .classname("XII-IPA-1").subject("Fisika").build();

  @Test
  void answersWithAnExemplarOfTheRequestedEmotionAndStrategyFilledIn() {
    ExemplarGenerator generator = new ExemplarGenerator(ExemplarCorpus.builtIn(), OutputPolicy.standard(), 7);
    Set<String> templates = new HashSet<>();
    ExemplarCorpus.builtIn().matching(Emotion.BORED, request.strategy())
        .forEach(exemplar -> templates.add(exemplar.render(request)));

    Intervention intervention = generator.generate(request);

    assertThat(templates).contains(intervention.text());
    assertThat(intervention.text()).contains("Budi").doesNotContain("{");
    assertThat(intervention.generator()).isEqualTo("offline");
    assertThat(intervention.model()).isEqualTo("builtin-exemplars");
    assertThat(intervention.usage()).isEqualTo(TokenUsage.NONE);
    assertThat(intervention.fallback()).isFalse();
    assertThat(intervention.compliant()).isTrue();
  }

  @Test
  void doesNotRepeatItselfForTheSameStudentWhileAlternativesRemain() {
    ExemplarGenerator generator = new ExemplarGenerator(ExemplarCorpus.builtIn(), OutputPolicy.standard(), 1);
    int available = ExemplarCorpus.builtIn().matching(Emotion.BORED, request.strategy()).size();

    List<String> texts = new ArrayList<>();
    for (int i = 0; i < available; i++) {
      texts.add(generator.generate(request).text());
    }

    assertThat(texts).doesNotHaveDuplicates();
    String last = texts.get(texts.size() - 1);
    assertThat(generator.generate(request).text()).isNotEqualTo(last);
  }

  @Test
  void sameSeedGivesTheSameChoices() {
    ExemplarGenerator first = new ExemplarGenerator(ExemplarCorpus.builtIn(), OutputPolicy.standard(), 42);
    ExemplarGenerator second = new ExemplarGenerator(ExemplarCorpus.builtIn(), OutputPolicy.standard(), 42);

    for (int i = 0; i < 5; i++) {
      assertThat(first.generate(request).text()).isEqualTo(second.generate(request).text());
    }
  }

  @Test
  void widensTheSearchWhenACorpusLacksTheExactStrategy() {
    Exemplar onlyOne = new Exemplar("x", Emotion.BORED, Reinforcement.POSITIVE, ArcsStrategy.RELEVANCE,
        "Yuk {username}, {subject} itu seru 🎉", Optional.empty(), "expert");
    Exemplar otherEmotion = new Exemplar("y", Emotion.HAPPY, Reinforcement.NEGATIVE, ArcsStrategy.RELEVANCE,
        "Mantap {username} 🎉", Optional.empty(), "expert");
    ExemplarGenerator generator = new ExemplarGenerator(
        ExemplarCorpus.of("small", List.of(onlyOne, otherEmotion)), OutputPolicy.standard(), 3);

    assertThat(generator.generate(request).text()).isEqualTo("Yuk Budi, Fisika itu seru 🎉");
  }

  @Test
  void prefersAnExemplarThatFitsTheWordLimitOnceRendered() {
    Exemplar tight = new Exemplar("tight", Emotion.BORED, Reinforcement.NEGATIVE, ArcsStrategy.RELEVANCE,
        "{username} " + "ayo ".repeat(23) + "🎉", Optional.empty(), "expert");
    Exemplar roomy = new Exemplar("roomy", Emotion.BORED, Reinforcement.NEGATIVE, ArcsStrategy.RELEVANCE,
        "Semangat {username} 🎉", Optional.empty(), "expert");
    ExemplarGenerator generator = new ExemplarGenerator(
        ExemplarCorpus.of("small", List.of(tight, roomy)), OutputPolicy.standard(), 5);
    InterventionRequest longName = InterventionRequest.builder()
        .username("Siti Nurhaliza Putri Ayu").emotion("bosan").reinforcement("negative").arcs("relevance")
        .classname("X").subject("Y").build();

    for (int i = 0; i < 4; i++) {
      assertThat(generator.generate(longName).text()).isEqualTo("Semangat Siti Nurhaliza Putri Ayu 🎉");
    }
  }

  @Test
  void asyncAnswerIsReadyAtOnce() {
    assertThat(ExemplarGenerator.builtIn().generateAsync(request)).isCompleted();
  }
}
