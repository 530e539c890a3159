package org.emodu.intervention.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.SettingsException;
import org.junit.jupiter.api.Test;

class PolicySettingsTest {

  @Test
  void usesTheDocumentedDefaultsWhenNothingIsSet() {
    PolicySettings settings = PolicySettings.from(Settings.of(Map.of()));
    assertThat(settings).isEqualTo(PolicySettings.DEFAULTS);
    assertThat(settings.persist()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.minConfidence()).isEqualTo(0.5);
    assertThat(settings.cooldown()).isEqualTo(Duration.ofMinutes(3));
    assertThat(settings.classRate()).isEqualTo(6);
    assertThat(settings.triggers()).doesNotContain(Emotion.NEUTRAL).contains(Emotion.BORED, Emotion.HAPPY);
  }

  @Test
  void readsEverySetting() {
    PolicySettings settings = PolicySettings.from(Settings.of(Map.of(
        PolicySettings.PERSIST_MS, "10000",
        PolicySettings.MIN_CONFIDENCE, "0.7",
        PolicySettings.COOLDOWN_MS, "60000",
        PolicySettings.CLASS_RATE, "3",
        PolicySettings.OUTCOME_MS, "30000",
        PolicySettings.SESSION_MS, "7200000",
        PolicySettings.TRIGGER_EMOTIONS, "bosan, confused")));
    assertThat(settings).isEqualTo(new PolicySettings(Duration.ofSeconds(10), 0.7, Duration.ofMinutes(1), 3,
        Duration.ofSeconds(30), Duration.ofHours(2), java.util.Set.of(Emotion.BORED, Emotion.CONFUSED)));
  }

  @Test
  void acceptsAllAsTheTriggers() {
    assertThat(PolicySettings.from(Settings.of(Map.of(PolicySettings.TRIGGER_EMOTIONS, "all"))).triggers())
        .containsExactlyInAnyOrder(Emotion.values());
  }

  @Test
  void namesTheVariableWhoseValueCannotBeUsed() {
    assertThatThrownBy(() -> PolicySettings.from(Settings.of(Map.of(PolicySettings.MIN_CONFIDENCE, "1.5"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining(PolicySettings.MIN_CONFIDENCE);
    assertThatThrownBy(() -> PolicySettings.from(Settings.of(Map.of(PolicySettings.CLASS_RATE, "0"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining(PolicySettings.CLASS_RATE);
    assertThatThrownBy(() -> PolicySettings.from(Settings.of(Map.of(PolicySettings.PERSIST_MS, "soon"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining(PolicySettings.PERSIST_MS);
  }

  @Test
  void namesTheTriggerThatIsNotAnEmotion() {
    assertThatThrownBy(() -> PolicySettings.from(Settings.of(Map.of(PolicySettings.TRIGGER_EMOTIONS, "bored,sleepy"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining(PolicySettings.TRIGGER_EMOTIONS)
        .hasMessageContaining("'sleepy'");
  }

  @Test
  void keepsAStudentsStateAtLeastAsLongAsItsCooldown() {
    PolicySettings settings = PolicySettings.DEFAULTS.withCooldown(Duration.ofHours(6));
    assertThat(settings.studentTtl()).isGreaterThan(Duration.ofHours(6));
    assertThat(PolicySettings.DEFAULTS.studentTtl()).isEqualTo(PolicySettings.DEFAULTS.session());
  }
}
