package org.emodu.intervention.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltInCorpusTest {

  private static final ExemplarCorpus CORPUS = ExemplarCorpus.builtIn();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*\\}");
  // Long but realistic values: a rendered exemplar must still fit the word limit.
  private static final InterventionRequest LONG_NAMES = InterventionRequest.builder()
      .username("Siti Nurhaliza Putri").emotion("happy").reinforcement("positive").arcs("attention")
      .classname("XII IPA 1").subject("Bahasa Indonesia").build();

  static List<Exemplar> exemplars() {
    return CORPUS.exemplars();
  }

  @Test
  void holdsAtLeast160Exemplars() {
    assertThat(CORPUS.size()).isGreaterThanOrEqualTo(160);
  }

  @Test
  void coversEveryEmotionReinforcementAndArcsCombinationAtLeastTwice() {
    Map<String, Long> counts = CORPUS.exemplars().stream()
        .collect(Collectors.groupingBy(e -> e.emotion() + "/" + e.strategy(), Collectors.counting()));
    for (Emotion emotion : Emotion.values()) {
      for (Reinforcement reinforcement : Reinforcement.values()) {
        for (ArcsStrategy arcs : ArcsStrategy.values()) {
          String key = emotion + "/" + new Strategy(reinforcement, arcs);
          assertThat(counts.getOrDefault(key, 0L)).as(key).isGreaterThanOrEqualTo(2);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("exemplars")
  void everyExemplarMeetsThePolicyOnceRendered(Exemplar exemplar) {
    assertThat(Text.hasEmoji(exemplar.text())).as("emoji in %s", exemplar.id()).isTrue();
    assertThat(Text.countWords(exemplar.text())).as("words in %s", exemplar.id()).isLessThanOrEqualTo(25);
    String rendered = exemplar.render(LONG_NAMES);
    assertThat(Text.countWords(rendered)).as("rendered words in %s", exemplar.id()).isLessThanOrEqualTo(25);
    assertThat(OutputPolicy.standard().check(rendered)).as(exemplar.id()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("exemplars")
  void everyExemplarNamesTheStudentOnceAndUsesOnlyKnownPlaceholders(Exemplar exemplar) {
    Matcher matcher = PLACEHOLDER.matcher(exemplar.text());
    List<String> used = matcher.results().map(result -> result.group()).toList();
    assertThat(used).filteredOn("{username}"::equals).as(exemplar.id()).hasSize(1);
    assertThat(used).as(exemplar.id()).allMatch(Exemplar.PLACEHOLDERS::contains);
    assertThat(exemplar.origin()).isEqualTo("builtin");
  }

  @ParameterizedTest
  @MethodSource("exemplars")
  void noExemplarGuessesWhyTheStudentFeelsThatWay(Exemplar exemplar) {
    assertThat(exemplar.text().toLowerCase(java.util.Locale.ROOT))
        .as(exemplar.id())
        .doesNotContain("karena", "gara-gara", "mungkin kamu", "pasti kamu capek", "kurang tidur", "sebabnya");
  }

  @Test
  void textsAreAllDifferent() {
    assertThat(CORPUS.exemplars().stream().map(Exemplar::text)).doesNotHaveDuplicates();
  }
}
