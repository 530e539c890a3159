package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class DurationsTest {

  private static Duration parse(String text) {
    return Durations.parse("--give-up-after", text, ChronoUnit.MINUTES);
  }

  @Test
  void readsTheUsualForms() {
    assertThat(parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(parse("2m30s")).isEqualTo(Duration.ofSeconds(150));
    assertThat(parse("PT90S")).isEqualTo(Duration.ofSeconds(90));
    assertThat(parse("pt1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(parse(" 15 ")).isEqualTo(Duration.ofMinutes(15));
    assertThat(parse("90S")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void refusesOtherTextNamingTheParameterAndTheFormsAccepted() {
    for (String text : new String[] {"soon", "1.5h", "1 h", "30m1h", "h", "-5", "PT", "P1Y", "15 minutes"}) {
      assertThatThrownBy(() -> parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("--give-up-after '" + text + "' is not a duration; write a number of minutes (15), a number with a"
              + " unit (90s, 2m, 1h, or together: 1h30m) or ISO-8601 (PT90S)");
    }
    assertThatThrownBy(() -> parse(" ")).hasMessageStartingWith("--give-up-after is empty; write a number of minutes");
    assertThatThrownBy(() -> parse("0")).hasMessage("--give-up-after must be longer than zero, got '0'");
    assertThatThrownBy(() -> parse("0s")).hasMessage("--give-up-after must be longer than zero, got '0s'");
    assertThatThrownBy(() -> parse("-PT5S")).hasMessage("--give-up-after must be longer than zero, got '-PT5S'");
  }

  @Test
  void showsAtMostTheStartOfLongOrMultiLineText() {
    assertThatThrownBy(() -> parse("x".repeat(500)))
        .hasMessageStartingWith("--give-up-after '" + "x".repeat(40) + "...' is not a duration");
    assertThatThrownBy(() -> parse("5\nx")).hasMessageStartingWith("--give-up-after '5 x' is not a duration");
  }

  @Property
  void aBareNumberCountsInTheBareUnit(@ForAll @LongRange(min = 1, max = 999_999_999) long number) {
    assertThat(parse(Long.toString(number))).isEqualTo(Duration.ofMinutes(number));
    assertThat(Durations.parse("limit", Long.toString(number), ChronoUnit.SECONDS)).isEqualTo(Duration.ofSeconds(number));
  }

  @Property
  void unitsAloneOrTogetherAddUp(
      @ForAll @IntRange(min = 0, max = 100_000) int hours,
      @ForAll @IntRange(min = 0, max = 100_000) int minutes,
      @ForAll @IntRange(min = 0, max = 100_000) int seconds) {
    String text = (hours > 0 ? hours + "h" : "") + (minutes > 0 ? minutes + "m" : "") + (seconds > 0 ? seconds + "s" : "");
    Duration expected = Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds);
    if (expected.isZero()) {
      return;
    }

    assertThat(parse(text)).isEqualTo(expected);
    assertThat(parse(text.toUpperCase())).isEqualTo(expected);
  }

  @Property
  void readsBackWhatJavaWritesInIso8601(@ForAll @LongRange(min = 1, max = 10_000_000_000L) long millis) {
    Duration duration = Duration.ofMillis(millis);

    assertThat(parse(duration.toString())).isEqualTo(duration);
  }

  @Property
  void anyTextIsEitherAPositiveDurationOrRefusedNamingTheParameter(@ForAll @StringLength(max = 30) String text) {
    Duration parsed;
    try {
      parsed = parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e).hasMessageStartingWith("--give-up-after ");
      return;
    }
    assertThat(parsed).isPositive();
  }
}
