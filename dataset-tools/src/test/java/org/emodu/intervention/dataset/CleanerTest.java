package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.generation.OutputPolicy;
import org.junit.jupiter.api.Test;

class CleanerTest {

  @Test
  void normalisesUnicodeQuotesInvisiblesAndWhitespaceButKeepsEmojiSequences() {
    String decomposed = "Cafe\u0301";
    assertThat(TextNormalizer.normalize("  “Ayo”\u200B {username},\u00A0\u00A0kita\n\tcoba ‘lagi’ " + decomposed + " 👩\u200D💻 ")).isEqualTo(
        "\"Ayo\" {username}, kita coba 'lagi' Café 👩\u200D💻");
    assertThat(TextNormalizer.normalize("“Semangat {username} 😄”")).isEqualTo("Semangat {username} 😄");
    assertThat(TextNormalizer.normalize("\uFEFFhai\u200Dkamu")).isEqualTo("haikamu");
  }

  @Test
  void dropsPolicyBreakersAndDuplicatesAndSaysWhy() {
    List<Exemplar> corpus = List.of(
        Exemplars.expert("a", "Ayo {username}, kita tebak fakta unik pelajaran hari ini bareng teman 😄"),
        Exemplars.expert("b", "Ayo  {username}, kita tebak fakta unik pelajaran hari ini bareng teman 😄"),
        Exemplars.expert("c", "ayo {username} kita tebak fakta unik pelajaran hari ini bareng teman ya 😄"),
        Exemplars.expert("d", "Tanpa emoji sama sekali {username}"),
        Exemplars.expert("e", "kata ".repeat(26) + "😄"),
        Exemplars.expert("f", "Keren {username}, satu soal lagi pasti bisa 💪"));
    CleaningResult result = Cleaner.standard().clean(corpus);

    assertThat(result.kept()).extracting(Exemplar::id).containsExactly("a", "f");
    assertThat(result.dropped()).extracting(CleaningResult.Dropped::id, CleaningResult.Dropped::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple("b", "exact-duplicate"),
        org.assertj.core.groups.Tuple.tuple("c", "near-duplicate"),
        org.assertj.core.groups.Tuple.tuple("d", "no-emoji"),
        org.assertj.core.groups.Tuple.tuple("e", "over-word-limit"));
    assertThat(result.dropped().get(0).detail()).isEqualTo("the same text as a");
    assertThat(result.dropped().get(1).detail()).startsWith("Jaccard 0.92 with a");
    assertThat(result.droppedByReason()).containsEntry("exact-duplicate", 1).containsEntry("near-duplicate", 1);
  }

  @Test
  void variantsCloseToTheirOwnSourceStayUnlessAskedToLookInsideGroups() {
    List<Exemplar> corpus = List.of(
        Exemplars.expert("a", "Ayo {username}, kita tebak fakta unik pelajaran hari ini bareng teman 😄"),
        Exemplars.variant("a~sr-1", "a", "Ayo {username}, kita tebak fakta unik pelajaran hari ini bareng kawan 😄"));
    assertThat(Cleaner.standard().clean(corpus).kept()).hasSize(2);
    assertThat(Cleaner.standard().withinGroups(true).threshold(0.8).clean(corpus).kept()).extracting(Exemplar::id).containsExactly("a");
  }

  @Test
  void anExpertItemWinsOverAnEarlierAugmentedCopy() {
    List<Exemplar> corpus = List.of(
        Exemplars.variant("x~sr-1", "x", "Hebat {username}, satu soal lagi dan bintangnya buatmu 💪"),
        Exemplars.expert("y", "Hebat {username}, satu soal lagi dan bintangnya buatmu 💪"));
    CleaningResult result = Cleaner.standard().clean(corpus);
    assertThat(result.kept()).extracting(Exemplar::id).containsExactly("y");
    assertThat(result.dropped()).singleElement().satisfies(dropped -> assertThat(dropped.detail()).isEqualTo("the same text as y"));
  }

  @Test
  void theBuiltInCorpusIsAlreadyClean() {
    CleaningResult result = Cleaner.standard().clean(ExemplarCorpus.builtIn().exemplars());
    assertThat(result.dropped()).isEmpty();
    assertThat(result.kept()).hasSize(ExemplarCorpus.builtIn().size());
  }

  @Test
  void dropsBrokenVariantsOfACorpusAugmentedElsewhereAndSaysWhy() {
    Exemplar source = Exemplars.expert("s", org.emodu.intervention.core.Emotion.BORED, org.emodu.intervention.core.Reinforcement.NEGATIVE,
        org.emodu.intervention.core.ArcsStrategy.ATTENTION, "Tebak satu kata kunci, {username} 🧩 Kalau benar, kuis tambahannya boleh di-skip 🎉");
    List<Exemplar> corpus = List.of(
        source,
        negativeVariant("s~ri-1", "augmented:insertion", "Tebak satu kata kunci, {username} 🧩 Kalau benar, kuis tambahannya boleh di-skip 🎉 karya"),
        negativeVariant("s~sr-1", "augmented:synonym", "Tebak satu kata kunci, {username} 🧩 Kalau benar, kuis bonusnya boleh di-skip 🎉"),
        negativeVariant("s~rd-1", "augmented:deletion", "Tebak satu kata kunci, {username} 🧩 Kalau benar, kuis tambahannya boleh 🎉"),
        negativeVariant("s~rs-1", "augmented:swap", "Kata satu tebak kunci, {username} 🧩 Kalau benar, kuis tambahannya boleh di-skip 🎉"),
        negativeVariant("s~pp-1", "augmented:paraphrase", "Ada teka-teki kecil, {username} 🧩 Tebak kata kuncinya, dan kuis tambahan boleh kamu skip 🎉"));
    CleaningResult result = Cleaner.standard().clean(corpus);

    assertThat(result.kept()).extracting(Exemplar::id).containsExactly("s", "s~pp-1");
    assertThat(result.dropped()).extracting(CleaningResult.Dropped::id, CleaningResult.Dropped::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple("s~ri-1", "after-closing-emoji"),
        org.assertj.core.groups.Tuple.tuple("s~sr-1", "opposite-cue-added"),
        org.assertj.core.groups.Tuple.tuple("s~rd-1", "label-cue-lost"),
        org.assertj.core.groups.Tuple.tuple("s~rs-1", "word-order-changed"));
    assertThat(result.dropped()).extracting(CleaningResult.Dropped::detail).containsExactly(
        "'karya' follows the closing emoji",
        "'bonus' is a reward cue in a negative exemplar",
        "the source's removal 'di-skip' is gone",
        "'satu' moved");
  }

  private static Exemplar negativeVariant(String id, String origin, String text) {
    return new Exemplar(id, org.emodu.intervention.core.Emotion.BORED, org.emodu.intervention.core.Reinforcement.NEGATIVE,
        org.emodu.intervention.core.ArcsStrategy.ATTENTION, text, java.util.Optional.of("s"), origin);
  }

  @Property(tries = 60)
  void cleaningTwiceEqualsCleaningOnce(@ForAll("messyCorpora") List<Exemplar> corpus) {
    Cleaner cleaner = Cleaner.standard().threshold(0.7).policy(new OutputPolicy(25));
    CleaningResult once = cleaner.clean(corpus);
    CleaningResult twice = cleaner.clean(once.kept());
    assertThat(twice.kept()).isEqualTo(once.kept());
    assertThat(twice.dropped()).isEmpty();
    assertThat(twice.changed()).isEmpty();
  }

  @Provide
  Arbitrary<List<Exemplar>> messyCorpora() {
    List<String> words = List.of("Ayo", "{username}", "kita", "tebak", "soal", "“seru”", "pelajaran", "{subject}", "  ", "\u200B",
        "😄", "💪", "👩\u200D💻", "nggak", "sulit", "kok", "‘yuk’", "\n", "Cafe\u0301", "bareng", "teman", "hari", "ini");
    Arbitrary<String> texts = Arbitraries.of(words).list().ofMinSize(1).ofMaxSize(30).map(list -> String.join(" ", list))
        .filter(text -> !text.isBlank());
    return texts.list().ofMinSize(1).ofMaxSize(25).map(list -> {
      List<Exemplar> corpus = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        String text = list.get(i);
        corpus.add(i % 3 == 2 ? Exemplars.variant("v" + i, "s" + (i - 1), text) : Exemplars.expert("s" + i, text));
      }
      return corpus;
    });
  }
}
