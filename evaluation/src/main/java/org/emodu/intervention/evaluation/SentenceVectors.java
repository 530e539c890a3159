package org.emodu.intervention.evaluation;

import java.util.Set;

/**
 * A sentence ready for greedy matching: the L2-normalised vectors of the tokens that take part in
 * the similarity matrix and their weights, scaled to sum to 1. Tokens of weight 0 (special tokens
 * kept in the matrix) can still be matched by the other sentence's tokens; they only add nothing to
 * this sentence's own average.
 */
final class SentenceVectors {

  final float[][] vectors;
  final double[] weights;
  private final boolean weighted;

  private SentenceVectors(float[][] vectors, double[] weights, boolean weighted) {
    this.vectors = vectors;
    this.weights = weights;
    this.weighted = weighted;
  }

  int tokens() {
    return vectors.length;
  }

  /** Whether some token carries weight; a sentence without one scores 0. */
  boolean weighted() {
    return weighted;
  }

  /**
   * Keeps a sentence's tokens with their embeddings, normalised in place (the encoder hands its
   * arrays over), and their weights.
   *
   * <p>The special tokens the tokenizer added are kept with weight 0 when {@code keepSpecials}, left
   * out otherwise. Tokens whose id is in {@code zeroWeightIds} (special tokens typed in the text)
   * weigh 0; every other token weighs what {@code idf} gives it. When no token weighs anything (with
   * idf, a sentence whose every token is in every reference) the ordinary tokens weigh alike, rather
   * than leaving the score undefined.
   */
  static SentenceVectors of(TokenizedSentence sentence, float[][] embedding, IdfWeights idf, boolean keepSpecials,
      Set<Long> zeroWeightIds) {
    if (embedding.length != sentence.length()) {
      throw new IllegalStateException("the encoder gave " + embedding.length + " vectors for " + sentence.length()
          + " tokens of: " + sentence.text());
    }
    int kept = 0;
    for (boolean special : sentence.special()) {
      kept += special && !keepSpecials ? 0 : 1;
    }
    int dimension = embedding.length == 0 ? 0 : embedding[0].length;
    float[][] vectors = new float[kept][];
    double[] weights = new double[kept];
    boolean[] ordinary = new boolean[kept];
    int ordinaryCount = 0;
    double weightSum = 0;
    int row = 0;
    for (int token = 0; token < sentence.length(); token++) {
      boolean special = sentence.special()[token];
      if (special && !keepSpecials) {
        continue;
      }
      float[] vector = embedding[token];
      if (vector.length != dimension) {
        throw new IllegalStateException("the encoder gave vectors of " + dimension + " and " + vector.length
            + " dimensions for one sentence: " + sentence.text());
      }
      double squares = 0;
      for (float value : vector) {
        squares += (double) value * value;
      }
      double scale = squares == 0 ? 0 : 1 / Math.sqrt(squares);
      for (int i = 0; i < dimension; i++) {
        vector[i] = (float) (vector[i] * scale);
      }
      long id = sentence.ids()[token];
      vectors[row] = vector;
      ordinary[row] = !special && !zeroWeightIds.contains(id);
      weights[row] = ordinary[row] ? idf.weight(id) : 0;
      ordinaryCount += ordinary[row] ? 1 : 0;
      weightSum += weights[row];
      row++;
    }
    for (int i = 0; i < kept; i++) {
      if (weightSum > 0) {
        weights[i] = weights[i] / weightSum;
      } else {
        weights[i] = ordinary[i] ? 1.0 / ordinaryCount : 0;
      }
    }
    return new SentenceVectors(vectors, weights, ordinaryCount > 0);
  }
}
