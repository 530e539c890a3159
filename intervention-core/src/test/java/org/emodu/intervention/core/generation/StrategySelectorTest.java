package org.emodu.intervention.core.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Reinforcement;
import org.emodu.intervention.core.Strategy;
import org.junit.jupiter.api.Test;

class StrategySelectorTest {

  @Test
  void everyEmotionHasADefaultStrategy() {
    StrategySelector selector = StrategySelector.standard();

    assertThat(Arrays.stream(Emotion.values()).map(selector::select)).doesNotContainNull();
    assertThat(selector.select(Emotion.BORED)).isEqualTo(new Strategy(Reinforcement.POSITIVE, ArcsStrategy.ATTENTION));
    assertThat(selector.select(Emotion.CONFUSED)).isEqualTo(new Strategy(Reinforcement.NEGATIVE, ArcsStrategy.CONFIDENCE));
  }

  @Test
  void parsedMappingOverridesOnlyTheEmotionsItNames() {
    StrategySelector selector = StrategySelector.parse("bosan=negatif:relevansi, sad = positive : satisfaction");

    assertThat(selector.select(Emotion.BORED)).isEqualTo(new Strategy(Reinforcement.NEGATIVE, ArcsStrategy.RELEVANCE));
    assertThat(selector.select(Emotion.SAD)).isEqualTo(new Strategy(Reinforcement.POSITIVE, ArcsStrategy.SATISFACTION));
    assertThat(selector.select(Emotion.HAPPY)).isEqualTo(StrategySelector.standard().select(Emotion.HAPPY));
  }

  @Test
  void textFormRoundTrips() {
    StrategySelector selector = StrategySelector.parse("bored=negative:relevance");

    assertThat(StrategySelector.parse(selector.toString()).mapping()).isEqualTo(selector.mapping());
  }

  @Test
  void badEntriesAreNamedWithTheExpectedForm() {
    assertThatThrownBy(() -> StrategySelector.parse("bored=positive, sleepy=positive:attention"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bored=positive' is not of the form emotion=reinforcement:arcs")
        .hasMessageContaining("in 'sleepy=positive:attention': emotion 'sleepy' is not recognised");
  }
}
