package org.emodu.intervention.core.generation;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.emodu.intervention.core.internal.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputPolicyTest {

  private final OutputPolicy policy = OutputPolicy.standard();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Yuk Budi, semangat! 💪|3",
      "Hai {username} 🎉 kamu keren!|4",
      "💪 🎉 !!!|0",
      "Budi,semangat|1",
      "  spasi   banyak  |2"})
  void countsWordsAsTokensWithALetterOrDigit(String text, int words) {
    assertThat(Text.countWords(text)).isEqualTo(words);
  }

  @Test
  void compliantTextPassesUnchanged() {
    OutputPolicy.Result result = policy.apply("Hai Budi, yuk tebak rumus Fisika ini! 🎢");

    assertThat(result.text()).isEqualTo("Hai Budi, yuk tebak rumus Fisika ini! 🎢");
    assertThat(result.repairs()).isEmpty();
    assertThat(result.compliant()).isTrue();
  }

  @Test
  void unwrapsQuotesAndLabels() {
    OutputPolicy.Result result = policy.apply("Output: “Semangat ya Budi! 💪”");

    assertThat(result.text()).isEqualTo("Semangat ya Budi! 💪");
    assertThat(result.repairs()).containsExactly("removed a leading label", "removed wrapping quotes");
    assertThat(result.compliant()).isTrue();
  }

  @Test
  void keepsTheFirstOfSeveralListedAnswers() {
    OutputPolicy.Result result = policy.apply("1. Semangat Budi! 💪\n2. Ayo Budi, kamu bisa! 🎉");

    assertThat(result.text()).isEqualTo("Semangat Budi! 💪");
    assertThat(result.repairs()).containsExactly("kept the first of 2 listed answers");
  }

  @Test
  void joinsLinesOfOneMessage() {
    OutputPolicy.Result result = policy.apply("Hai Budi! 👋\nYuk lanjut sedikit lagi.");

    assertThat(result.text()).isEqualTo("Hai Budi! 👋 Yuk lanjut sedikit lagi.");
    assertThat(result.repairs()).containsExactly("joined 2 lines into one");
  }

  @Test
  void addsAnEmojiWhenThereIsNone() {
    OutputPolicy.Result result = policy.apply("Semangat ya Budi!");

    assertThat(result.text()).isEqualTo("Semangat ya Budi! 😊");
    assertThat(result.repairs()).containsExactly("added an emoji");
    assertThat(result.compliant()).isTrue();
  }

  @Test
  void cutsAnOverlongAnswerAtTheLastSentenceEndWithinTheLimit() {
    String first = "Hai Budi, kamu hebat sekali hari ini dan semua temanmu di kelas ikut senang melihat semangatmu! 🎉";
    String second = "Ayo lanjutkan satu soal lagi supaya kamu makin yakin dengan kemampuanmu sendiri ya.";

    OutputPolicy.Result result = policy.apply(first + " " + second);

    assertThat(result.text()).isEqualTo(first);
    assertThat(result.repairs()).singleElement().asString().startsWith("cut from 29 to 16 words");
    assertThat(result.compliant()).isTrue();
  }

  @Test
  void overlongAnswerWithoutASentenceEndIsFlaggedNotPassed() {
    String text = "Budi " + "semangat terus ya ".repeat(10) + "💪";

    OutputPolicy.Result result = policy.apply(text);

    assertThat(result.compliant()).isFalse();
    assertThat(result.violations()).containsExactly("the answer has 31 words, more than 25");
  }

  @Test
  void emptyAnswerIsAViolation() {
    OutputPolicy.Result result = policy.apply("  \"\"  ");

    assertThat(result.text()).isEmpty();
    assertThat(result.violations()).containsExactly("the answer is empty");
  }

  @Test
  void checkReportsEveryBrokenRuleWithoutRepairing() {
    assertThat(policy.check("\"Semangat\nBudi\"")).containsExactly(
        "the answer spans several lines", "the answer is wrapped in quotes", "the answer has no emoji");
  }

  @Property(tries = 500)
  void repairedTextIsASingleLineAndCompliantResultsPassTheCheck(@ForAll String raw) {
    OutputPolicy.Result result = policy.apply(raw);

    assertThat(result.text()).doesNotContain("\n", "\r");
    if (result.compliant()) {
      assertThat(policy.check(result.text())).isEmpty();
    } else {
      assertThat(result.violations()).isNotEmpty();
    }
  }
}
