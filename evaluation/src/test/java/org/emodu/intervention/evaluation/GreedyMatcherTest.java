package org.emodu.intervention.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class GreedyMatcherTest {

  private static final List<String> WORDS = List.of("a", "b", "c", "d", "e", "f", "g");

  private static TableEmbedder randomTable(long seed, int dimension) {
    Random random = new Random(seed);
    Map<String, float[]> vectors = new HashMap<>();
    for (String word : WORDS) {
      vectors.put(word, vector(random, dimension));
    }
    return new TableEmbedder(vectors, vector(random, dimension), vector(random, dimension));
  }

  private static float[] vector(Random random, int dimension) {
    float[] vector = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      vector[i] = (float) random.nextGaussian();
    }
    return vector;
  }

  @Provide
  Arbitrary<String> sentences() {
    return Arbitraries.of(WORDS).list().ofMinSize(1).ofMaxSize(12).map(words -> String.join(" ", words));
  }

  @Property(tries = 150)
  void precisionOfCandidateAgainstReferenceIsRecallTheOtherWayRound(@ForAll("sentences") String candidate,
      @ForAll("sentences") String reference, @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int dimension) {
    BertScorer scorer = BertScorer.builder(randomTable(seed, dimension)).build();

    BertScore forward = scorer.score(List.of(candidate), List.of(reference)).pairs().get(0).score();
    BertScore backward = scorer.score(List.of(reference), List.of(candidate)).pairs().get(0).score();

    assertThat(forward.precision()).isEqualTo(backward.recall());
    assertThat(forward.recall()).isEqualTo(backward.precision());
    assertThat(forward.f1()).isCloseTo(backward.f1(), within(1e-15));
  }

  @Property(tries = 100)
  void scoresASentenceAgainstItselfAsOneInManyDimensions(@ForAll("sentences") String sentence, @ForAll long seed,
      @ForAll @IntRange(min = 300, max = 1024) int dimension) {
    BertScore score = BertScorer.builder(randomTable(seed, dimension)).idf(true).build()
        .score(List.of(sentence), List.of(sentence)).pairs().get(0).score();

    assertThat(score.precision()).isCloseTo(1.0, within(1e-6));
    assertThat(score.recall()).isCloseTo(1.0, within(1e-6));
    assertThat(score.f1()).isCloseTo(1.0, within(1e-6));
  }

  @Property(tries = 150)
  void keepsScoresWithinTheRangeOfCosineSimilarity(@ForAll("sentences") String candidate,
      @ForAll("sentences") String reference, @ForAll long seed) {
    BertScore score = BertScorer.builder(randomTable(seed, 16)).build()
        .score(List.of(candidate), List.of(reference)).pairs().get(0).score();

    assertThat(score.precision()).isBetween(-1.0 - 1e-6, 1.0 + 1e-6);
    assertThat(score.recall()).isBetween(-1.0 - 1e-6, 1.0 + 1e-6);
  }
}
