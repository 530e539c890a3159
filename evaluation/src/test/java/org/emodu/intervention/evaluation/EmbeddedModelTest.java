package org.emodu.intervention.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real embedded model, all-MiniLM-L6-v2 (int8) from the classpath, loaded offline: no test here
 * reaches a network, and the tokenizer's native library comes out of its jar.
 */
class EmbeddedModelTest {

  private static OnnxTokenEmbedder embedder;

  @BeforeAll
  static void load() {
    embedder = OnnxTokenEmbedder.embedded();
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void loadsTheEmbeddedModelWithItsTokenEmbeddings() {
    List<TokenizedSentence> tokenized = embedder.tokenize(List.of("Semangat belajar, Budi!"));
    List<float[][]> vectors = embedder.embed(tokenized);

    assertThat(embedder.modelName()).isEqualTo("all-MiniLM-L6-v2-int8_L6");
    assertThat(embedder.maxTokens()).isEqualTo(512);
    assertThat(embedder.tokenizerMaxTokens()).isEqualTo(128);
    assertThat(tokenized.get(0).special()[0]).isTrue();
    assertThat(tokenized.get(0).special()[tokenized.get(0).length() - 1]).isTrue();
    assertThat(vectors.get(0)).hasNumberOfRows(tokenized.get(0).length());
    assertThat(vectors.get(0)[0]).hasSize(384);
  }

  @Test
  void ranksAParaphraseAboveAnUnrelatedSentence() {
    String reference = "Ayo Budi, semangat belajar Fisika hari ini, kamu pasti bisa! 💪";
    String paraphrase = "Semangat ya Budi, kamu pasti bisa belajar Fisika hari ini! 💪";
    String unrelated = "Harga cabai di pasar naik tajam minggu lalu karena hujan deras.";
    BertScorer scorer = BertScorer.builder(embedder).build();

    List<PairScore> pairs = scorer.score(List.of(paraphrase, unrelated), List.of(reference, reference)).pairs();

    assertThat(pairs.get(0).score().f1()).isGreaterThan(pairs.get(1).score().f1() + 0.1);
    assertThat(pairs.get(0).score().precision()).isGreaterThan(pairs.get(1).score().precision());
    assertThat(pairs.get(0).score().recall()).isGreaterThan(pairs.get(1).score().recall());
  }

  @Test
  void ranksAnEnglishParaphraseAboveAnUnrelatedSentenceWithIdf() {
    String reference = "The weather is lovely today, so the class will meet outside.";
    String paraphrase = "Because it is a beautiful day, the lesson is held outdoors.";
    String unrelated = "Quarterly revenue fell after the merger was announced.";
    BertScorer scorer = BertScorer.builder(embedder).idf(true).build();

    List<PairScore> pairs = scorer.score(List.of(paraphrase, unrelated), List.of(reference, reference)).pairs();

    assertThat(pairs.get(0).score().f1()).isGreaterThan(pairs.get(1).score().f1());
  }

  @Test
  void givesOneForIdenticalSentences() {
    String sentence = "Wah, senyum Budi nular nih 😄 Tebak deh, fakta unik Fisika apa yang bikin kaget?";

    BertScore score = BertScorer.builder(embedder).build().score(List.of(sentence), List.of(sentence)).pairs().get(0).score();

    assertThat(score.precision()).isCloseTo(1.0, within(1e-6));
    assertThat(score.recall()).isCloseTo(1.0, within(1e-6));
    assertThat(score.f1()).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void givesTheSameScoresWhateverTheBatchSizeAndPadding() {
    List<String> candidates = List.of(
        "Semangat!",
        "Ayo Budi, semangat belajar Fisika hari ini, kamu pasti bisa! 💪",
        "Jangan menyerah ya, Sari, soal Matematika ini bisa kita pecahkan bersama-sama pelan-pelan.",
        "Keren banget jawabanmu tadi 🎉");
    List<String> references = List.of(
        "Tetap semangat ya!",
        "Budi, kamu pasti bisa menguasai Fisika hari ini 💪",
        "Sari, kita kerjakan soal Matematika ini bersama, pelan-pelan saja.",
        "Jawabanmu tadi hebat sekali! 🎉");
    List<PairScore> alone = BertScorer.builder(embedder).batchSize(1).build().score(candidates, references).pairs();

    for (int batchSize : new int[] {3, 64}) {
      List<PairScore> batched = BertScorer.builder(embedder).batchSize(batchSize).build()
          .score(candidates, references).pairs();
      assertThat(batched).as("batch size %d", batchSize).isEqualTo(alone);
    }
  }

  @Test
  void truncatesASentenceLongerThanTheTokenizersLimitWhenAskedToAndStillScoresIt() {
    // 200 times "semangat" is 600 word pieces: past both limits.
    String longSentence = String.join(" ", Collections.nCopies(200, "semangat"));

    BertScoreResult result = BertScorer.builder(embedder).truncation(BertScorer.Truncation.TOKENIZER_LIMIT).build()
        .score(List.of(longSentence), List.of("semangat"));

    assertThat(embedder.tokenize(List.of(longSentence)).get(0).truncatedTo(embedder.tokenizerMaxTokens()).length())
        .isEqualTo(128);
    assertThat(result.truncatedSentences()).isEqualTo(1);
    assertThat(result.pairs().get(0).score().f1()).isBetween(0.0, 1.0);
  }

  @Test
  void runsTheModelOnAllOfItsFiveHundredTwelvePositions() {
    String longSentence = String.join(" ", Collections.nCopies(200, "semangat"));
    TokenizedSentence tokenized = embedder.tokenize(List.of(longSentence)).get(0);

    BertScoreResult result = BertScorer.builder(embedder).build().score(List.of(longSentence), List.of("semangat"));

    assertThat(tokenized.length()).isEqualTo(512);
    assertThat(tokenized.truncated()).isTrue();
    assertThat(tokenized.special()[511]).isTrue();
    assertThat(embedder.embed(List.of(tokenized)).get(0)).hasNumberOfRows(512);
    assertThat(result.truncatedSentences()).isEqualTo(1);
    assertThat(result.pairs().get(0).score().f1()).isBetween(0.0, 1.0);
  }

  @Test
  void scoresBelowOneAPairThatDiffersOnlyAfterTheFirst128WordPieces() {
    // 50 times "semangat" is 150 word pieces, so the two endings lie past the tokenizer file's 128.
    String opening = String.join(" ", Collections.nCopies(50, "semangat"));
    String candidate = opening + " Budi pasti bisa mengerjakan soal Fisika ini!";
    String reference = opening + " Harga cabai di pasar naik tajam minggu lalu.";

    BertScore whole = BertScorer.builder(embedder).build().score(List.of(candidate), List.of(reference))
        .pairs().get(0).score();
    BertScoreResult cut = BertScorer.builder(embedder).truncation(BertScorer.Truncation.TOKENIZER_LIMIT).build()
        .score(List.of(candidate), List.of(reference));

    assertThat(whole.f1()).isLessThan(0.999);
    assertThat(cut.truncatedSentences()).isEqualTo(2);
    assertThat(cut.pairs().get(0).score().f1()).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void weighsSpecialTokensTypedInTheTextNothingAsTheReferenceImplementation() {
    String typed = "Ayo [SEP] semangat [CLS] Budi!";
    String plain = "Ayo semangat Budi!";

    BertScore score = BertScorer.builder(embedder).build().score(List.of(typed), List.of(plain)).pairs().get(0).score();
    BertScore ordinary = BertScorer.builder(embedder).typedSpecialTokens(BertScorer.TypedSpecialTokens.ORDINARY)
        .build().score(List.of(typed), List.of(plain)).pairs().get(0).score();

    // The independent peer (bench/evaluation/peer/bert-score.mjs, bert_score's algorithm on these
    // model files) gives P 0.93747528; the typed tokens only shift the others' context.
    assertThat(score.precision()).isCloseTo(0.93747528, within(1e-6));
    BertScore legacy = BertScorer.builder(embedder).legacySemantics().build()
        .score(List.of(typed), List.of(plain)).pairs().get(0).score();
    assertThat(ordinary.precision()).isLessThan(score.precision() - 0.005);
    assertThat(legacy.precision()).isLessThan(score.precision() - 0.05);
  }
}
