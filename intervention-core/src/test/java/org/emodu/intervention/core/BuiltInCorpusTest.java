package org.emodu.intervention.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.emodu.intervention.core.generation.OutputPolicy;
import org.emodu.intervention.core.internal.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltInCorpusTest {

  private static final ExemplarCorpus CORPUS = ExemplarCorpus.builtIn();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*\\}");
  private static final Pattern WORD_SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}{}\\-]+");
  // Long but realistic values: a rendered exemplar must still fit the word limit.
  private static final InterventionRequest LONG_NAMES = InterventionRequest.builder()
      .username("Siti Nurhaliza Putri").emotion("happy").reinforcement("positive").arcs("attention")
      .classname("XII IPA 1").subject("Bahasa Indonesia").build();

  static List<Exemplar> exemplars() {
    return CORPUS.exemplars();
  }

  @Test
  void holdsAtLeast400Exemplars() {
    assertThat(CORPUS.size()).isGreaterThanOrEqualTo(400);
  }

  @Test
  void coversEveryEmotionReinforcementAndArcsCombinationAtLeastFiveTimes() {
    Map<String, Long> counts = CORPUS.exemplars().stream()
        .collect(Collectors.groupingBy(e -> e.emotion() + "/" + e.strategy(), Collectors.counting()));
    for (Emotion emotion : Emotion.values()) {
      for (Reinforcement reinforcement : Reinforcement.values()) {
        for (ArcsStrategy arcs : ArcsStrategy.values()) {
          String key = emotion + "/" + new Strategy(reinforcement, arcs);
          assertThat(counts.getOrDefault(key, 0L)).as(key).isGreaterThanOrEqualTo(5);
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
  void noExemplarGuessesWhyTheStudentFeelsThatWayOrSaysTheEmotionWasSeen(Exemplar exemplar) {
    assertThat(words(exemplar.text())).as(exemplar.id()).doesNotContainAnyElementsOf(List.of(
        "karena", "gara-gara", "soalnya", "sebabnya", "penyebabnya", "kelihatannya", "terdeteksi", "kamera", "wajahmu", "ekspresimu"));
    assertThat(exemplar.text().toLowerCase(Locale.ROOT)).as(exemplar.id())
        .doesNotContain("mungkin kamu", "pasti kamu", "sepertinya kamu", "aku lihat kamu", "kurang tidur", "capek ya");
  }

  @ParameterizedTest
  @MethodSource("exemplars")
  void noExemplarClaimsWorkOrEventsTheSystemHasNotSeen(Exemplar exemplar) {
    // "Jawabanmu" for the answer the student is invited to give is fine; praise of one given is not.
    assertThat(words(exemplar.text())).as(exemplar.id()).doesNotContainAnyElementsOf(List.of(
        "tadi", "barusan", "kemarin", "catatanmu", "hasilmu", "temuanmu", "pengamatanmu"));
    assertThat(exemplar.text().toLowerCase(Locale.ROOT)).as(exemplar.id()).doesNotContain(
        "jawabanmu bagus", "jawabanmu tepat", "jawabanmu keren", "pertanyaanmu bagus", "sudah paham", "separuh jalan",
        "sudah kumpulkan", "kerja kerasmu");
  }

  @ParameterizedTest
  @MethodSource("exemplars")
  void noExemplarMakesAClaimThatIsFalseForSomeSubjectsOrMocksOne(Exemplar exemplar) {
    // Any template meets any subject, Pendidikan Agama and Sejarah among them.
    assertThat(words(exemplar.text())).as(exemplar.id()).doesNotContainAnyElementsOf(List.of(
        "rumus", "hitung", "menghitung", "angka", "eksperimen", "percobaan", "praktikum", "lab", "coding", "aneh", "lucu",
        "konyol", "kocak", "jebakan", "susulan"));
    assertThat(exemplar.text().toLowerCase(Locale.ROOT)).as(exemplar.id()).doesNotContain("plot twist");
  }

  @ParameterizedTest
  @MethodSource("exemplars")
  void anAnxiousOrSadStudentIsNeverExposedOrRushed(Exemplar exemplar) {
    if (exemplar.emotion() == Emotion.FEAR || exemplar.emotion() == Emotion.SAD) {
      assertThat(exemplar.text().toLowerCase(Locale.ROOT)).as(exemplar.id()).doesNotContain(
          "shout-out", "depan kelas", "papan", "siapa cepat", "paling cepat", "duluan", "tercepat", "penjawab pertama", "adu ");
    }
  }

  @Test
  void textsAreAllDifferent() {
    assertThat(CORPUS.exemplars().stream().map(Exemplar::text)).doesNotHaveDuplicates();
  }

  /** Distinct word pairs over all word pairs of the corpus: how little the corpus repeats itself. */
  @Test
  void theCorpusIsVariedDistinctTwoAtLeastSixtyPercent() {
    List<List<String>> bigrams = CORPUS.exemplars().stream()
        .flatMap(exemplar -> {
          List<String> words = words(exemplar.text());
          return java.util.stream.IntStream.range(1, words.size()).mapToObj(i -> List.of(words.get(i - 1), words.get(i)));
        })
        .toList();
    double distinct = (double) new java.util.HashSet<>(bigrams).size() / bigrams.size();
    assertThat(distinct).isGreaterThanOrEqualTo(0.60);
  }

  @Test
  void noCellHoldsTwoNearCopies() {
    Map<String, List<Exemplar>> cells = CORPUS.exemplars().stream()
        .collect(Collectors.groupingBy(e -> e.emotion() + "/" + e.strategy()));
    for (List<Exemplar> cell : cells.values()) {
      for (int i = 0; i < cell.size(); i++) {
        for (int j = i + 1; j < cell.size(); j++) {
          java.util.Set<String> first = new java.util.HashSet<>(words(cell.get(i).text()));
          java.util.Set<String> second = new java.util.HashSet<>(words(cell.get(j).text()));
          java.util.Set<String> union = new java.util.HashSet<>(first);
          union.addAll(second);
          first.retainAll(second);
          double jaccard = (double) first.size() / union.size();
          assertThat(jaccard).as("%s and %s", cell.get(i).id(), cell.get(j).id()).isLessThan(0.6);
        }
      }
    }
  }

  @Test
  void noTwoExemplarsOfOneEmotionOpenWithTheSameTwoWords() {
    Map<String, List<String>> openings = CORPUS.exemplars().stream().collect(Collectors.groupingBy(
        exemplar -> exemplar.emotion() + ": " + String.join(" ", words(exemplar.text()).subList(0, 2)),
        Collectors.mapping(Exemplar::id, Collectors.toList())));
    assertThat(openings).allSatisfy((opening, ids) -> assertThat(ids).as(opening).hasSize(1));
  }

  /** Lower-case words: letters, digits, hyphens and placeholders; punctuation and emoji left out. */
  static List<String> words(String text) {
    List<String> words = new java.util.ArrayList<>();
    for (String token : WORD_SEPARATOR.split(text.toLowerCase(Locale.ROOT))) {
      String word = token.replaceAll("^-+|-+$", "");
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }
}
