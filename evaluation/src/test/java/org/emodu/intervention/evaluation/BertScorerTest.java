package org.emodu.intervention.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BertScorerTest {

  private static final double EXACT = 1e-9;
  private static final double ROOT_HALF = Math.sqrt(0.5);

  /*
   * The hand-computed case. Vectors (normalised by the scorer):
   *   a = (1, 0, 0), b = (0, 1, 0), c = (1, 1, 0) -> (1/sqrt2, 1/sqrt2, 0), d = (0, 0.6, 0.8)
   * [CLS] is d's direction and [SEP] lies close to c, so a scorer that matched special tokens would
   * give other answers.
   *
   * Candidate "a c" against reference "a b d", similarities (rows: candidate, columns: reference):
   *        a       b       d
   *   a    1       0       0
   *   c    1/r2    1/r2    0.6/r2
   * Precision: a -> 1, c -> 1/r2; mean (1 + 1/r2) / 2 = 0.853553...
   * Recall: a -> 1, b -> 1/r2, d -> 0.6/r2; mean (1 + 1/r2 + 0.6/r2) / 3 = 0.710457...
   */
  private static TableEmbedder handComputed() {
    return new TableEmbedder(Map.of(
        "a", new float[] {1, 0, 0},
        "b", new float[] {0, 1, 0},
        "c", new float[] {1, 1, 0},
        "d", new float[] {0, 0.6f, 0.8f}),
        new float[] {0, 3, 4},
        new float[] {0.6f, 0.8f, 0});
  }

  @Test
  void scoresTheHandComputedCaseExactlyWithoutIdf() {
    BertScoreResult result = BertScorer.builder(handComputed()).legacySemantics().build()
        .score(List.of("a c"), List.of("a b d"));

    double precision = (1 + ROOT_HALF) / 2;
    double recall = (1 + ROOT_HALF + 0.6 * ROOT_HALF) / 3;
    BertScore score = result.pairs().get(0).score();
    assertThat(score.precision()).isCloseTo(precision, within(1e-7));
    assertThat(score.recall()).isCloseTo(recall, within(1e-7));
    assertThat(score.f1()).isCloseTo(2 * precision * recall / (precision + recall), within(1e-7));
    assertThat(score.precision()).isCloseTo(0.8535534, within(1e-7));
    assertThat(score.recall()).isCloseTo(0.7104570, within(1e-7));
  }

  /*
   * With idf over the references "a b d" and "a b" (M = 2): a and b are in both, weight
   * ln(3/3) = 0; d is in one, weight ln(3/2); c is in none, weight ln(3).
   * Pair 1, "a c" against "a b d": precision counts only c -> 1/r2; recall counts only d -> 0.6/r2.
   */
  @Test
  void scoresTheHandComputedCaseExactlyWithIdf() {
    BertScoreResult result = BertScorer.builder(handComputed()).legacySemantics().idf(true).build()
        .score(List.of("a c", "b"), List.of("a b d", "a b"));

    double precision = ROOT_HALF;
    double recall = 0.6 * ROOT_HALF;
    BertScore score = result.pairs().get(0).score();
    assertThat(score.precision()).isCloseTo(precision, within(1e-7));
    assertThat(score.recall()).isCloseTo(recall, within(1e-7));
    assertThat(score.f1()).isCloseTo(2 * precision * recall / (precision + recall), within(1e-7));
  }

  /*
   * The hand-computed case as the reference implementation scores it: [CLS] and [SEP] stay in the
   * matrix with weight 0. Normalised, [CLS] = d = (0, 0.6, 0.8) and [SEP] = (0.6, 0.8, 0).
   * Precision over a, c: a -> a 1; c -> [SEP] 1.4/r2 (above a's 1/r2). (1 + 1.4/r2) / 2.
   * Recall over a, b, d: a -> a 1; b -> [SEP] 0.8; d -> [CLS] 1. (1 + 0.8 + 1) / 3.
   */
  @Test
  void letsOrdinaryTokensMatchSpecialTokensThatWeighNothing() {
    BertScore score = BertScorer.builder(handComputed()).build()
        .score(List.of("a c"), List.of("a b d")).pairs().get(0).score();

    double precision = (1 + 1.4 * ROOT_HALF) / 2;
    double recall = 2.8 / 3;
    assertThat(score.precision()).isCloseTo(precision, within(1e-7));
    assertThat(score.recall()).isCloseTo(recall, within(1e-7));
    assertThat(score.f1()).isCloseTo(2 * precision * recall / (precision + recall), within(1e-7));
  }

  @Test
  void weighsSpecialTokensTypedInTheTextNothing() {
    List<String> references = List.of("a b d", "b c");
    for (boolean idf : new boolean[] {false, true}) {
      BertScorer scorer = BertScorer.builder(handComputed()).idf(idf).build();

      List<PairScore> typed = scorer.score(List.of("a [SEP] c [CLS]", "[CLS] b"), references).pairs();
      List<PairScore> plain = scorer.score(List.of("a c", "b"), references).pairs();

      for (int i = 0; i < 2; i++) {
        assertThat(typed.get(i).score().precision()).as("idf %s, pair %d", idf, i)
            .isCloseTo(plain.get(i).score().precision(), within(1e-9));
        assertThat(typed.get(i).score().recall()).as("idf %s, pair %d", idf, i)
            .isCloseTo(plain.get(i).score().recall(), within(1e-9));
      }
    }
  }

  @Test
  void weighsTypedSpecialTokensAsOrdinaryOnesWhenAskedTo() {
    // Precision over a, [SEP], c: a -> 1, [SEP] -> [SEP] 1, c -> [SEP] 1.4/r2.
    BertScore score = BertScorer.builder(handComputed())
        .typedSpecialTokens(BertScorer.TypedSpecialTokens.ORDINARY).build()
        .score(List.of("a [SEP] c"), List.of("a b d")).pairs().get(0).score();

    assertThat(score.precision()).isCloseTo((1 + 1 + 1.4 * ROOT_HALF) / 3, within(1e-7));
  }

  @Test
  void takesEachMetricsMaximumOverTheReferences() {
    // Against "a": P (1 + 1.4/r2) / 2, R 1. Against "a c d b": P 1, R (1 + 1 + 1 + 0.8) / 4.
    BertScorer scorer = BertScorer.builder(handComputed()).build();
    List<String> references = List.of("a", "a c d b");
    BertScore first = scorer.score(List.of("a c"), List.of(references.get(0))).pairs().get(0).score();
    BertScore second = scorer.score(List.of("a c"), List.of(references.get(1))).pairs().get(0).score();

    PairScore pair = scorer.scoreMultiReference(List.of("a c"), List.of(references)).pairs().get(0);

    assertThat(second.precision()).isGreaterThan(first.precision());
    assertThat(first.recall()).isGreaterThan(second.recall());
    assertThat(pair.score().precision()).isEqualTo(second.precision()).isCloseTo(1.0, within(1e-7));
    assertThat(pair.score().recall()).isEqualTo(first.recall()).isCloseTo(1.0, within(1e-7));
    assertThat(pair.score().f1()).isEqualTo(Math.max(first.f1(), second.f1())).isEqualTo(first.f1());
    assertThat(pair.referenceIndex()).isZero();
    assertThat(pair.reference()).isEqualTo("a");

    PairScore bestF1 = BertScorer.builder(handComputed()).multiReference(BertScorer.MultiReference.BEST_F1).build()
        .scoreMultiReference(List.of("a c"), List.of(references)).pairs().get(0);
    assertThat(bestF1.score()).isEqualTo(first);
  }

  @Test
  void truncatesAtTheModelsLimitUnlessAskedForTheTokenizersOwn() {
    // Both sentences share their first two words; only past the tokenizer's limit of 4 do they differ.
    TableEmbedder embedder = new TableEmbedder(
        Map.of("a", new float[] {1, 0, 0}, "b", new float[] {0, 1, 0}, "c", new float[] {0, 0, 1}),
        new float[] {1, 1, 0}, new float[] {1, -1, 0}, 8, 4);

    BertScoreResult model = BertScorer.builder(embedder).build().score(List.of("a b a a"), List.of("a b c c"));
    BertScoreResult tokenizer = BertScorer.builder(embedder).truncation(BertScorer.Truncation.TOKENIZER_LIMIT).build()
        .score(List.of("a b a a"), List.of("a b c c"));

    assertThat(model.truncatedSentences()).isZero();
    assertThat(model.pairs().get(0).score().f1()).isLessThan(0.99);
    assertThat(tokenizer.truncatedSentences()).isEqualTo(2);
    assertThat(tokenizer.pairs().get(0).score().f1()).isCloseTo(1.0, within(1e-6));
    assertThat(BertScorer.builder(embedder).build().hash()).contains("_max-tokens=8_");
    assertThat(BertScorer.builder(embedder).truncation(BertScorer.Truncation.TOKENIZER_LIMIT).build().hash())
        .contains("_max-tokens=4_");
  }

  @Test
  void namesTheEarlierSemanticsInTheHash() {
    String legacy = BertScorer.builder(handComputed()).legacySemantics().build().hash();

    assertThat(legacy).endsWith("(table=1)_max-tokens=512_specials=left-out_typed-specials=ordinary_references=best-f1");
  }

  @Test
  void weighsTokensByTheReferenceImplementationsSmoothedIdf() {
    TableEmbedder embedder = handComputed();
    List<TokenizedSentence> references = embedder.tokenize(List.of("a b d", "a b", "a"));

    IdfWeights idf = IdfWeights.fromReferences(references);

    assertThat(idf.weight(embedder.id("a"))).isCloseTo(Math.log(4.0 / 4.0), within(EXACT));
    assertThat(idf.weight(embedder.id("b"))).isCloseTo(Math.log(4.0 / 3.0), within(EXACT));
    assertThat(idf.weight(embedder.id("d"))).isCloseTo(Math.log(4.0 / 2.0), within(EXACT));
    assertThat(idf.weight(embedder.id("c"))).isCloseTo(Math.log(4.0), within(EXACT));
  }

  @Test
  void weighsTokensAlikeWhenIdfLeavesASentenceNoWeightAtAll() {
    // "b" against "a b" with idf over {"a b d", "a b"}: every weight is zero, so tokens weigh alike.
    BertScoreResult result = BertScorer.builder(handComputed()).legacySemantics().idf(true).build()
        .score(List.of("a c", "b"), List.of("a b d", "a b"));

    BertScore score = result.pairs().get(1).score();
    assertThat(score.precision()).isCloseTo(1.0, within(1e-7));
    assertThat(score.recall()).isCloseTo(0.5, within(1e-7));
  }

  @Test
  void givesOneForIdenticalCandidateAndReference() {
    BertScoreResult result = BertScorer.builder(handComputed()).build()
        .score(List.of("a c d", "b"), List.of("a c d", "b"));

    for (PairScore pair : result.pairs()) {
      assertThat(pair.score().precision()).isCloseTo(1.0, within(1e-6));
      assertThat(pair.score().recall()).isCloseTo(1.0, within(1e-6));
      assertThat(pair.score().f1()).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void neverMatchesOrWeighsSpecialTokens() {
    // "d" alone against "c": if [CLS] (d's direction) or [SEP] (near c) took part, the scores would rise.
    BertScore score = BertScorer.builder(handComputed()).specialTokens(BertScorer.SpecialTokens.LEFT_OUT).build()
        .score(List.of("d"), List.of("c")).pairs().get(0).score();

    assertThat(score.precision()).isCloseTo(0.6 * ROOT_HALF, within(1e-7));
    assertThat(score.recall()).isCloseTo(0.6 * ROOT_HALF, within(1e-7));
  }

  @Test
  void keepsTheReferenceWithTheBestF1AndReportsItsWholeScore() {
    BertScorer scorer = BertScorer.builder(handComputed()).legacySemantics().build();

    BertScoreResult result = scorer.scoreMultiReference(List.of("a c"), List.of(List.of("d", "a b d", "b")));

    PairScore pair = result.pairs().get(0);
    BertScore best = scorer.score(List.of("a c"), List.of("a b d")).pairs().get(0).score();
    assertThat(pair.referenceIndex()).isEqualTo(1);
    assertThat(pair.reference()).isEqualTo("a b d");
    assertThat(pair.score()).isEqualTo(best);
    for (String other : List.of("d", "b")) {
      assertThat(scorer.score(List.of("a c"), List.of(other)).pairs().get(0).score().f1()).isLessThan(best.f1());
    }
  }

  @Test
  void rescalesEachScoreWithTheDocumentedLinearMap() {
    Baseline baseline = new Baseline(0.5, 0.25, 0.4);
    BertScore raw = BertScorer.builder(handComputed()).build().score(List.of("a c"), List.of("a b d")).pairs().get(0).score();

    BertScore rescaled = BertScorer.builder(handComputed()).baseline(baseline).build()
        .score(List.of("a c"), List.of("a b d")).pairs().get(0).score();

    assertThat(rescaled.precision()).isCloseTo((raw.precision() - 0.5) / (1 - 0.5), within(EXACT));
    assertThat(rescaled.recall()).isCloseTo((raw.recall() - 0.25) / (1 - 0.25), within(EXACT));
    assertThat(rescaled.f1()).isCloseTo((raw.f1() - 0.4) / (1 - 0.4), within(EXACT));
  }

  @Test
  void givesTheSameScoresWhateverTheBatchAndChunkSizes() {
    List<String> candidates = List.of("a c", "b", "d d a", "c", "a b c d", "b b", "a c");
    List<String> references = List.of("a b d", "a b", "c", "c d", "d", "a", "a c");
    List<PairScore> expected = BertScorer.builder(handComputed()).idf(true).build()
        .score(candidates, references).pairs();

    for (int batchSize : new int[] {1, 2, 3, 64}) {
      for (int chunkSize : new int[] {1, 2, 5, 1024}) {
        List<PairScore> actual = BertScorer.builder(handComputed()).idf(true).batchSize(batchSize).chunkSize(chunkSize)
            .build().score(candidates, references).pairs();
        assertThat(actual).as("batch size %d, chunk size %d", batchSize, chunkSize).isEqualTo(expected);
      }
    }
  }

  @Test
  void embedsEachDistinctSentenceOnceInBatchesOfTheGivenSize() {
    TableEmbedder embedder = handComputed();

    BertScorer.builder(embedder).batchSize(2).build()
        .score(List.of("a", "a", " b ", "c"), List.of("b", "a", "c", "a"));

    assertThat(embedder.batchSizes).containsExactly(2, 1);
  }

  @Test
  void reportsEverySentenceItEmbedsBatchByBatchThenFinishes() {
    RecordingProgress recording = new RecordingProgress();

    BertScorer.builder(handComputed()).batchSize(3).progress(recording).build()
        .score(List.of("a", "b"), List.of("c", "a b"));

    assertThat(recording.heard).containsExactly("start BERTScore 4 0", "step 3", "step 1", "finish");
  }

  @Test
  void countsSentencesTruncatedToTheModelsLimit() {
    TableEmbedder embedder = new TableEmbedder(Map.of("a", new float[] {1, 0}, "b", new float[] {0, 1}),
        new float[] {1, 1}, new float[] {1, -1}, 4);

    BertScoreResult result = BertScorer.builder(embedder).build().score(List.of("a b a b"), List.of("a b"));

    assertThat(result.truncatedSentences()).isEqualTo(1);
    assertThat(result.pairs().get(0).score().f1()).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void namesModelIdfRescalingAndVersionsInTheHash() {
    String plain = BertScorer.builder(handComputed()).build().hash();
    String weighted = BertScorer.builder(handComputed()).idf(true).baseline(new Baseline(0.5, 0.25, 0.4)).build().hash();

    String semantics = "_max-tokens=512_specials=weight-0_typed-specials=weight-0_references=max-of-each";
    assertThat(plain).matches("table_L1_no-idf_version=intervensi-[^()]+\\(table=1\\)" + semantics);
    assertThat(weighted).startsWith("table_L1_idf_version=intervensi-")
        .endsWith("(table=1)-rescaled(P=0.5,R=0.25,F=0.4)" + semantics);
    assertThat(BertScorer.builder(handComputed()).build().score(List.of("a"), List.of("b")).hash()).isEqualTo(plain);
  }

  @Test
  void rejectsMismatchedCountsBlankSentencesAndEmptyReferenceGroups() {
    BertScorer scorer = BertScorer.builder(handComputed()).build();

    assertThatThrownBy(() -> scorer.score(List.of("a", "b"), List.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 candidates but 1 references");
    assertThatThrownBy(() -> scorer.score(List.of("a", "  "), List.of("a", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("candidate 2 is blank");
    assertThatThrownBy(() -> scorer.score(List.of("a"), java.util.Arrays.asList((String) null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reference 1 is blank");
    assertThatThrownBy(() -> scorer.score(List.of("a"), List.of("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reference 1 is blank");
    assertThatThrownBy(() -> scorer.scoreMultiReference(List.of("a"), List.of(List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("candidate 1 has no reference");
    assertThatThrownBy(() -> scorer.score(List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing to score");
    assertThatThrownBy(() -> BertScorer.builder(handComputed()).batchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch size must be at least 1");
  }

  @Test
  void averagesAndSummarisesThePairs() {
    BertScoreResult result = BertScorer.builder(handComputed()).legacySemantics().build()
        .score(List.of("a c", "a"), List.of("a b d", "a"));

    double precision = ((1 + ROOT_HALF) / 2 + 1) / 2;
    assertThat(result.mean().precision()).isCloseTo(precision, within(1e-7));
    assertThat(result.precision().count()).isEqualTo(2);
    assertThat(result.f1().max()).isCloseTo(1.0, within(1e-6));
  }
}
