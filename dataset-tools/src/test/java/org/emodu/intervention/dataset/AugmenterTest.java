package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.internal.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AugmenterTest {

  private static final List<Exemplar> CORPUS = ExemplarCorpus.builtIn().exemplars();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}\\s]*\\}");

  private static AugmentationResult augment(AugmentationMethod method, long seed) {
    return Augmenter.builder().methods(method).perItem(2).seed(seed).build().augment(CORPUS);
  }

  @ParameterizedTest
  @EnumSource(value = AugmentationMethod.class, names = {"SYNONYM", "INSERTION", "SWAP", "DELETION"})
  void keptLocalVariantsKeepPlaceholdersEmojiAndTheWordLimitAndPassTheGate(AugmentationMethod method) {
    AugmentationResult result = augment(method, 7);
    for (Exemplar variant : variants(result)) {
      Exemplar source = source(variant);
      assertThat(placeholders(variant.text())).as(variant.id()).isEqualTo(placeholders(source.text()));
      assertThat(emoji(variant.text())).as(variant.id()).isEqualTo(emoji(source.text()));
      assertThat(Text.countWords(variant.text())).as(variant.id()).isLessThanOrEqualTo(25);
      assertThat(variant.text()).isNotEqualTo(source.text());
      assertThat(VariantGate.standard().check(variant, java.util.Optional.of(source))).as(variant.id()).isEmpty();
    }
    assertThat(result.added() + result.dropped()).isEqualTo(CORPUS.size() * 2);
    assertThat(result.droppedVariants()).hasSize(result.dropped())
        .allSatisfy(dropped -> assertThat(dropped.detail()).isNotBlank());
  }

  @Test
  void synonymReplacementKeepsMostVariantsAndTheOtherEditsFew() {
    int synonyms = augment(AugmentationMethod.SYNONYM, 7).added();
    assertThat(synonyms).isGreaterThan(CORPUS.size() / 2);
    for (AugmentationMethod method : List.of(AugmentationMethod.INSERTION, AugmentationMethod.SWAP)) {
      assertThat(augment(method, 7).added()).as(method.label()).isLessThan(synonyms / 10);
    }
  }

  @ParameterizedTest
  @EnumSource(value = AugmentationMethod.class, names = {"SYNONYM", "INSERTION", "SWAP", "DELETION"})
  void localVariantsAreTaggedWithTheirMethodSourceAndLabels(AugmentationMethod method) {
    for (Exemplar variant : variants(augment(method, 7))) {
      Exemplar source = source(variant);
      assertThat(variant.origin()).isEqualTo("augmented:" + method.label());
      assertThat(variant.sourceId()).contains(source.id());
      assertThat(variant.id()).startsWith(source.id() + "~" + method.shortName() + "-");
      assertThat(variant.strategy()).isEqualTo(source.strategy());
      assertThat(variant.emotion()).isEqualTo(source.emotion());
    }
  }

  @ParameterizedTest
  @EnumSource(value = AugmentationMethod.class, names = {"SYNONYM", "INSERTION", "SWAP", "DELETION"})
  void theSameSeedGivesTheSameVariantsAndAnotherSeedOthers(AugmentationMethod method) {
    assertThat(candidates(augment(method, 11))).isEqualTo(candidates(augment(method, 11)));
    assertThat(candidates(augment(method, 11))).isNotEqualTo(candidates(augment(method, 12)));
  }

  @Test
  void variantsDoNotDependOnTheOrderOfTheInput() {
    List<Exemplar> reversed = new ArrayList<>(CORPUS);
    java.util.Collections.reverse(reversed);
    Augmenter augmenter = Augmenter.builder().methods(AugmentationMethod.local()).perItem(1).seed(3).build();
    assertThat(new java.util.HashSet<>(augmenter.augment(reversed).exemplars()))
        .isEqualTo(new java.util.HashSet<>(augmenter.augment(CORPUS).exemplars()));
  }

  @Test
  void everyInputIsKeptAndFollowedByItsVariants() {
    AugmentationResult result = Augmenter.builder().methods(AugmentationMethod.eda()).perItem(2).seed(1).build().augment(CORPUS);
    assertThat(result.exemplars()).containsSubsequence(CORPUS);
    assertThat(result.exemplars()).hasSize(CORPUS.size() + result.added());
    assertThat(result.added() + result.dropped()).isEqualTo(CORPUS.size() * 4 * 2);
    assertThat(result.exemplars().stream().map(Exemplar::id).distinct()).hasSize(result.exemplars().size());
  }

  @Test
  void variantsOverTheWordLimitOrIdenticalToTheirSourceAreDroppedAndCounted() {
    Exemplar long24 = Exemplars.expert("long", "Ayo {username} kita coba satu soal lagi bareng teman sekelas biar makin paham materi hari ini dan tetap semangat belajar terus sampai selesai ya 😊");
    assertThat(Text.countWords(long24.text())).isEqualTo(24);
    Exemplar noSynonyms = Exemplars.expert("plain", "Xylo {username} 😊");
    AugmentationResult result = Augmenter.builder()
        .methods(AugmentationMethod.INSERTION, AugmentationMethod.SYNONYM).perItem(3).seed(5).strength(0.2).maxWords(25).build()
        .augment(List.of(long24, noSynonyms));
    assertThat(result.droppedByReason()).containsKey("over-word-limit");
    assertThat(result.droppedByReason()).containsKey("identical-to-source");
    assertThat(variants(result)).allSatisfy(variant -> assertThat(Text.countWords(variant.text())).isLessThanOrEqualTo(25));
  }

  @Test
  void deletionNeverRemovesProtectedWords() {
    Exemplar source = Exemplars.expert("neg", "Nggak usah bosan, {username}, tugas ini tidak sulit kok, dapat bintang 😊 pasti bisa");
    AugmentationResult result = Augmenter.builder().methods(AugmentationMethod.DELETION).perItem(20).seed(9).strength(0.5).build()
        .augment(List.of(source));
    assertThat(candidates(result)).isNotEmpty().allSatisfy(text ->
        assertThat(text).contains("Nggak", "usah", "bosan", "tugas", "tidak", "kok", "bintang", "pasti", "bisa"));
  }

  @Test
  void swapKeepsPunctuationInPlaceAndNeverMovesProtectedWords() {
    Exemplar source = Exemplars.expert("swap", "Keren, {username}! Soal ini tidak sulit, coba lagi ya, dapat stiker 😊");
    AugmentationResult result = Augmenter.builder().methods(AugmentationMethod.SWAP).perItem(10).seed(2).build().augment(List.of(source));
    assertThat(candidates(result)).isNotEmpty().allSatisfy(text -> {
      List<String> pieces = List.of(text.split(" "));
      assertThat(pieces.get(0)).endsWith(",");
      assertThat(pieces.indexOf("tidak")).isEqualTo(4);
      assertThat(pieces.get(2)).isEqualTo("Soal");
      assertThat(pieces.get(pieces.size() - 2)).isEqualTo("stiker");
    });
    assertThat(result.droppedByReason()).containsKey("word-order-changed");
  }

  @Test
  void insertionNeverWritesAfterTheClosingEmoji() {
    Exemplar source = Exemplars.expert("ins", "Keren, {username}, ayo selesaikan tantangan seru bareng teman dan dapat bintang ⭐");
    AugmentationResult result = Augmenter.builder().methods(AugmentationMethod.INSERTION).perItem(20).seed(4).strength(0.3).build()
        .augment(List.of(source));
    assertThat(candidates(result)).isNotEmpty().allSatisfy(text -> assertThat(text).endsWith("⭐"));
  }

  @Test
  void augmentedInputsPassThroughWithoutVariantsOfTheirOwn() {
    Exemplar source = Exemplars.expert("a", "Keren banget {username}, ayo coba soal berikutnya 😊");
    Exemplar existing = Exemplars.variant("a~sr-9", "a", "Hebat banget {username}, ayo coba soal berikutnya 😊");
    AugmentationResult result = Augmenter.builder().methods(AugmentationMethod.SYNONYM).perItem(2).seed(1).build()
        .augment(List.of(source, existing));
    assertThat(result.exemplars()).contains(existing);
    assertThat(result.exemplars()).filteredOn(exemplar -> exemplar.id().startsWith("a~sr-9~")).isEmpty();
  }

  @Test
  void modelMethodsWithoutABackendAreRefusedNamingTheFix() {
    assertThatThrownBy(() -> Augmenter.builder().methods(AugmentationMethod.PARAPHRASE).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("need a model backend");
  }

  @Test
  void methodNamesParseInEveryAcceptedSpelling() {
    assertThat(AugmentationMethod.parseList("synonym, ri,swap,delete")).containsExactly(
        AugmentationMethod.SYNONYM, AugmentationMethod.INSERTION, AugmentationMethod.SWAP, AugmentationMethod.DELETION);
    assertThat(AugmentationMethod.parseList("local")).containsExactly(AugmentationMethod.SYNONYM);
    assertThat(AugmentationMethod.parseList("eda")).hasSize(4);
    assertThat(AugmentationMethod.parseList("all")).hasSize(6);
    assertThat(AugmentationMethod.parse("Back-Translation")).isEqualTo(AugmentationMethod.BACK_TRANSLATION);
    assertThatThrownBy(() -> AugmentationMethod.parse("shuffle"))
        .hasMessageContaining("'shuffle' is not known; use one of: synonym, insertion, swap, deletion, paraphrase, back-translation");
  }

  /** Every text a run made, kept or dropped, in order. */
  private static List<String> candidates(AugmentationResult result) {
    List<String> texts = new ArrayList<>(variants(result).stream().map(Exemplar::text).toList());
    result.droppedVariants().stream().filter(dropped -> !dropped.reason().equals("identical-to-source"))
        .map(CleaningResult.Dropped::text).forEach(texts::add);
    return texts;
  }

  private static List<Exemplar> variants(AugmentationResult result) {
    return result.exemplars().stream().filter(CorpusFiles::isAugmented).toList();
  }

  private static Exemplar source(Exemplar variant) {
    String id = variant.sourceId().orElseThrow();
    return CORPUS.stream().filter(exemplar -> exemplar.id().equals(id)).findFirst()
        .orElseGet(() -> { throw new AssertionError("no source " + id); });
  }

  static List<String> placeholders(String text) {
    List<String> found = new ArrayList<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group());
    }
    found.sort(null);
    return found;
  }

  static List<Integer> emoji(String text) {
    return text.codePoints().filter(Text::isEmoji).boxed().toList();
  }
}
