package org.emodu.intervention.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmotionTest {

  @ParameterizedTest
  @CsvSource({
      "bosan, BORED", "Bored, BORED", "'  BOSAN ', BORED", "senang, HAPPY", "bingung, CONFUSED", "sedih, SAD",
      "marah, ANGRY", "takut, FEAR", "terkejut, SURPRISE", "kaget, SURPRISE", "jijik, DISGUST",
      "netral, NEUTRAL", "frustrasi, FRUSTRATED", "frustrated, FRUSTRATED", "happy, HAPPY"})
  void parsesEnglishAndIndonesianNamesInAnyCase(String text, Emotion expected) {
    assertThat(Emotion.parse(text)).isEqualTo(expected);
  }

  @Test
  void rejectsUnknownEmotionNamingTheChoices() {
    assertThatThrownBy(() -> Emotion.parse("sedih banget"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("emotion 'sedih banget' is not recognised; use one of: happy (senang), sad (sedih)")
        .satisfies(e -> assertThat(((InvalidRequestException) e).fields()).containsExactly("emotion"));
  }

  @Test
  void reinforcementAndArcsAcceptIndonesianAndSeedSpellings() {
    assertThat(Reinforcement.parse("positif")).isEqualTo(Reinforcement.POSITIVE);
    assertThat(Reinforcement.parse("Negative")).isEqualTo(Reinforcement.NEGATIVE);
    assertThat(ArcsStrategy.parse("Attention")).isEqualTo(ArcsStrategy.ATTENTION);
    assertThat(ArcsStrategy.parse("percaya diri")).isEqualTo(ArcsStrategy.CONFIDENCE);
    assertThat(ArcsStrategy.parse("percaya_diri")).isEqualTo(ArcsStrategy.CONFIDENCE);
    assertThat(ArcsStrategy.parse("kepuasan")).isEqualTo(ArcsStrategy.SATISFACTION);
  }

  @Test
  void rejectedReinforcementAndArcsNameTheirField() {
    assertThatThrownBy(() -> Reinforcement.parse("neutral"))
        .hasMessage("reinforcement 'neutral' is not recognised; use one of: positive (positif), negative (negatif)");
    assertThatThrownBy(() -> ArcsStrategy.parse(""))
        .hasMessageStartingWith("arcs is missing; use one of: attention (perhatian)");
  }

  @Property
  void anyTextParsesOrFailsNamingTheField(@ForAll String text) {
    try {
      assertThat(Emotion.parse(text)).isNotNull();
    } catch (InvalidRequestException e) {
      assertThat(e.fields()).containsExactly("emotion");
      assertThat(e.getMessage()).doesNotContain("\n");
    }
  }
}
