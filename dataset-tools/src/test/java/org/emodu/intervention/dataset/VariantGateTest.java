package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.Reinforcement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VariantGateTest {

  private static final VariantGate GATE = VariantGate.standard();
  private static final Exemplar POSITIVE = exemplar("p", Reinforcement.POSITIVE, "expert",
      "Tebak-tebakan seru yuk, {username} ⚡ Jawab satu pertanyaan, dan bintangnya buat kamu ⭐");
  private static final Exemplar NEGATIVE = exemplar("n", Reinforcement.NEGATIVE, "expert",
      "Begitu kamu selesaikan satu soal, {username}, kuis tambahannya boleh kamu lewati ya 🙌");

  private static Exemplar exemplar(String id, Reinforcement reinforcement, String origin, String text) {
    return new Exemplar(id, Emotion.BORED, reinforcement, ArcsStrategy.ATTENTION, text,
        origin.equals("expert") ? Optional.empty() : Optional.of("source"), origin);
  }

  private static Optional<VariantGate.Rejection> check(Exemplar source, String origin, String text) {
    return GATE.check(exemplar(source.id() + "~1", source.reinforcement(), origin, text), Optional.of(source));
  }

  private static String reason(Exemplar source, String origin, String text) {
    return check(source, origin, text).map(VariantGate.Rejection::reason).orElse("kept");
  }

  @Test
  void keepsASynonymReplacementTheLexiconListsAndAFaithfulParaphrase() {
    assertThat(reason(POSITIVE, "augmented:synonym", "Tebak-tebakan asyik yuk, {username} ⚡ Jawab satu pertanyaan, dan bintangnya buat kamu ⭐"))
        .isEqualTo("kept");
    assertThat(reason(NEGATIVE, "augmented:paraphrase", "Begitu satu soal kamu selesaikan, {username}, kuis tambahannya boleh kamu lewati 🙌"))
        .isEqualTo("kept");
  }

  @Test
  void dropsAWordAfterTheClosingEmoji() {
    assertThat(check(POSITIVE, "augmented:insertion", "Tebak-tebakan seru yuk, {username} ⚡ Jawab satu pertanyaan, dan bintangnya buat kamu ⭐ karya"))
        .hasValue(new VariantGate.Rejection("after-closing-emoji", "'karya' follows the closing emoji"));
  }

  @Test
  void dropsADoubledWord() {
    assertThat(check(POSITIVE, "augmented:synonym", "Tebak-tebakan seru yuk, {username} ⚡ Jawab satu pertanyaan, dan bintang emas emas buat kamu ⭐"))
        .hasValue(new VariantGate.Rejection("doubled-word", "'emas emas'"));
  }

  @Test
  void dropsAVariantThatLostTheRewardOrTheRemovedBurden() {
    assertThat(check(POSITIVE, "augmented:paraphrase", "Tebak-tebakan seru yuk, {username} ⚡ Jawab satu pertanyaan, semangat ya ⭐"))
        .hasValue(new VariantGate.Rejection("label-cue-lost", "the source's reward 'bintang' is gone"));
    assertThat(reason(NEGATIVE, "augmented:paraphrase", "Begitu kamu selesaikan satu soal, {username}, kuis tambahannya menunggu ya 🙌"))
        .isEqualTo("label-cue-lost");
    assertThat(check(NEGATIVE, "augmented:paraphrase", "Begitu kamu selesaikan satu langkah, {username}, semuanya boleh kamu lewati ya 🙌"))
        .hasValue(new VariantGate.Rejection("label-cue-lost", "the source's burden 'soal' is gone"));
  }

  @Test
  void dropsABurdenTurnedIntoAReward() {
    assertThat(check(NEGATIVE, "augmented:synonym", "Begitu kamu selesaikan satu soal, {username}, kuis bonusnya boleh kamu lewati ya 🙌"))
        .hasValue(new VariantGate.Rejection("opposite-cue-added", "'bonus' is a reward cue in a negative exemplar"));
  }

  @Test
  void dropsWordEditsThatTouchProtectedWordsOrUseSynonymsTheLexiconDoesNotList() {
    assertThat(check(NEGATIVE, "augmented:synonym", "Seperti itu kamu selesaikan satu soal, {username}, kuis tambahannya boleh kamu lewati ya 🙌"))
        .hasValue(new VariantGate.Rejection("protected-word-changed", "'Begitu' became 'Seperti itu'"));
    assertThat(check(NEGATIVE, "augmented:deletion", "Begitu kamu selesaikan satu soal, {username}, kuis tambahannya boleh kamu lewati 🙌"))
        .hasValue(new VariantGate.Rejection("protected-word-changed", "'ya' was deleted"));
    assertThat(check(POSITIVE, "augmented:synonym", "Tebak-tebakan seru yuk, {username} ⚡ Jawab satu persoalan, dan bintangnya buat kamu ⭐"))
        .hasValue(new VariantGate.Rejection("not-a-lexicon-synonym",
            "'pertanyaan' became 'persoalan', which the lexicon does not list as its synonym"));
  }

  @Test
  void dropsMovedInsertedAndDeletedContentWordsButNotAnOptionalOne() {
    assertThat(reason(POSITIVE, "augmented:swap", "Tebak-tebakan seru yuk, {username} ⚡ Jawab pertanyaan satu, dan bintangnya buat kamu ⭐"))
        .isEqualTo("word-order-changed");
    assertThat(check(POSITIVE, "augmented:insertion", "Tebak-tebakan seru yuk, {username} ⚡ Jawab satu cepat pertanyaan, dan bintangnya buat kamu ⭐"))
        .hasValue(new VariantGate.Rejection("word-inserted", "'cepat' was inserted"));
    assertThat(check(POSITIVE, "augmented:deletion", "Tebak-tebakan seru yuk, {username} ⚡ Jawab satu, dan bintangnya buat kamu ⭐"))
        .hasValue(new VariantGate.Rejection("content-word-deleted", "'pertanyaan' was deleted"));
    Exemplar intensified = exemplar("i", Reinforcement.POSITIVE, "expert", "Keren banget, {username} 🎉 Satu soal lagi dan stiker buatmu ✨");
    assertThat(reason(intensified, "augmented:deletion", "Keren, {username} 🎉 Satu soal lagi dan stiker buatmu ✨")).isEqualTo("kept");
  }

  @Test
  void dropsAGuessedCauseOrAClaimButNotAReasonThatIsNoGuess() {
    assertThat(check(POSITIVE, "augmented:paraphrase",
        "Kamu bingung karena penjelasannya cepat, {username} ⚡ Jawab satu pertanyaan, dan bintangnya buat kamu ⭐"))
        .hasValue(new VariantGate.Rejection("assumption-added", "'karena' guesses a cause or claims what the system has not seen"));
    assertThat(reason(POSITIVE, "augmented:paraphrase",
        "Tebak-tebakan seru yuk, {username} ⚡ Jawaban kamu tadi keren, jawab satu pertanyaan lagi, dan bintangnya buat kamu ⭐"))
        .isEqualTo("assumption-added");
    assertThat(reason(POSITIVE, "augmented:paraphrase",
        "Tebak-tebakan jadi seru karena ada kamu, {username} ⚡ Jawab satu pertanyaan, dan bintangnya buat kamu ⭐"))
        .isEqualTo("kept");
  }

  @Test
  void dropsChangedPlaceholdersAndLostOrMovedEmoji() {
    assertThat(reason(POSITIVE, "augmented:paraphrase", "Tebak-tebakan seru yuk ⚡ Jawab satu pertanyaan, dan bintangnya buat kamu ⭐"))
        .isEqualTo("placeholder-changed");
    assertThat(check(POSITIVE, "augmented:paraphrase", "Tebak-tebakan seru yuk, {username}! Jawab satu pertanyaan, dan bintangnya buat kamu ⭐"))
        .hasValue(new VariantGate.Rejection("emoji-lost", "the source's ⚡ is gone"));
    assertThat(reason(POSITIVE, "augmented:paraphrase", "Tebak-tebakan seru yuk, {username} ⭐ Jawab satu pertanyaan, dan bintangnya buat kamu ⚡"))
        .isEqualTo("emoji-moved");
  }

  @Test
  void dropsAParaphraseThatDriftedFromItsSource() {
    assertThat(check(POSITIVE, "augmented:paraphrase", "Halo {username} ⚡ hari ini cerah, semoga harimu menyenangkan dan ada bintang ⭐"))
        .hasValueSatisfying(rejection -> {
          assertThat(rejection.reason()).isEqualTo("meaning-drift");
          assertThat(rejection.detail()).startsWith("chrF++ 0.").endsWith("with the source, below 0.35");
        });
    assertThat(GATE.similarity(new ChrfSimilarity(), 0).check(
        exemplar("x", Reinforcement.POSITIVE, "augmented:paraphrase", "Halo {username} ⚡ hari ini cerah, semoga harimu menyenangkan dan ada bintang ⭐"),
        Optional.of(POSITIVE))).isEmpty();
  }

  @Test
  void aVariantWithoutItsSourceMustCarryTheCuesOfItsReinforcement() {
    assertThat(GATE.check(exemplar("v", Reinforcement.POSITIVE, "augmented:synonym", "Ayo {username}, satu soal lagi 💪"), Optional.empty()))
        .hasValue(new VariantGate.Rejection("label-cue-lost", "a positive exemplar names no reward of the vocabulary"));
    assertThat(GATE.check(exemplar("v", Reinforcement.NEGATIVE, "augmented:synonym", "Ayo {username}, satu soal lagi dan dapat poin 💪"), Optional.empty()))
        .map(VariantGate.Rejection::reason).hasValue("label-cue-lost");
    assertThat(GATE.check(exemplar("v", Reinforcement.POSITIVE, "augmented:synonym", "Ayo {username}, satu soal lagi dan dapat poin 💪"), Optional.empty()))
        .isEmpty();
  }

  static java.util.List<Exemplar> builtIn() {
    return ExemplarCorpus.builtIn().exemplars();
  }

  @ParameterizedTest
  @MethodSource("builtIn")
  void everyBuiltInExemplarCarriesTheCuesOfItsReinforcementAndNoneOfTheOther(Exemplar exemplar) {
    Exemplar alone = new Exemplar(exemplar.id() + "~x", exemplar.emotion(), exemplar.reinforcement(), exemplar.arcs(),
        exemplar.text(), Optional.empty(), "augmented:paraphrase");
    assertThat(GATE.check(alone, Optional.empty())).as(exemplar.text()).isEmpty();
  }

  @Property(tries = 200)
  void neverThrowsAndAlwaysKeepsAVariantEqualToItsSource(@ForAll("texts") String text, @ForAll boolean positive) {
    Reinforcement reinforcement = positive ? Reinforcement.POSITIVE : Reinforcement.NEGATIVE;
    Exemplar source = exemplar("s", reinforcement, "expert", text);
    for (String origin : java.util.List.of("augmented:synonym", "augmented:swap", "augmented:paraphrase")) {
      Exemplar same = exemplar("s~1", reinforcement, origin, text);
      assertThat(GATE.check(same, Optional.of(source))).as(text).isEmpty();
      GATE.check(exemplar("s~2", reinforcement, origin, text + " ya ⭐ lagi"), Optional.of(source));
      GATE.check(same, Optional.empty());
    }
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> words = Arbitraries.of("Ayo", "{username}", "kita", "tebak", "soal", "nggak", "bintang", "⭐", "😄", "dihapus",
        "PR", "kuis", "tambahan", "lewati", "banget", "banget", "kok,", "!", "—", "Ini", "poin-mu", "👩\u200D💻", "🕵️", "{subject}");
    return words.list().ofMinSize(1).ofMaxSize(20).map(list -> String.join(" ", list)).filter(text -> !text.isBlank());
  }

  @Test
  void refusesASimilarityThresholdOutsideZeroToOne() {
    assertThatThrownBy(() -> GATE.similarity(new ChrfSimilarity(), 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("minSimilarity must be from 0 to 1, got 1.5");
  }
}
