package org.emodu.intervention.evaluation;

import java.util.Arrays;

/**
 * BERTScore's greedy matching: each token of one sentence is matched to its most similar token of
 * the other by cosine similarity (a dot product of normalised vectors), and the similarities are
 * averaged with the token weights: precision over the candidate's tokens, recall over the
 * reference's.
 */
final class GreedyMatcher {

  private GreedyMatcher() {}

  /**
   * The raw score of a candidate against a reference. A sentence with no token that carries weight
   * (no ordinary tokens) scores 0, as an empty sentence does in the reference implementation.
   */
  static BertScore score(SentenceVectors candidate, SentenceVectors reference) {
    if (!candidate.weighted() || !reference.weighted()) {
      return new BertScore(0, 0, 0);
    }
    int dimension = candidate.vectors[0].length;
    if (dimension != reference.vectors[0].length) {
      throw new IllegalStateException("cannot match vectors of " + dimension + " and "
          + reference.vectors[0].length + " dimensions");
    }
    double[] bestForReference = new double[reference.tokens()];
    Arrays.fill(bestForReference, Double.NEGATIVE_INFINITY);
    double precision = 0;
    for (int i = 0; i < candidate.tokens(); i++) {
      double bestForCandidate = Double.NEGATIVE_INFINITY;
      float[] candidateVector = candidate.vectors[i];
      for (int j = 0; j < reference.tokens(); j++) {
        double similarity = dot(candidateVector, reference.vectors[j], dimension);
        if (similarity > bestForCandidate) {
          bestForCandidate = similarity;
        }
        if (similarity > bestForReference[j]) {
          bestForReference[j] = similarity;
        }
      }
      precision += candidate.weights[i] * bestForCandidate;
    }
    double recall = 0;
    for (int j = 0; j < reference.tokens(); j++) {
      recall += reference.weights[j] * bestForReference[j];
    }
    return BertScore.of(precision, recall);
  }

  // Eight independent float sums let the processor keep several multiply-adds in flight (one running
  // sum would chain them) and cost a third of the time double sums take; each partial sum adds a
  // sixth of a 384-dimension product, so a sentence matched with itself still lands within 1e-6 of 1.
  static double dot(float[] left, float[] right, int length) {
    float sum0 = 0;
    float sum1 = 0;
    float sum2 = 0;
    float sum3 = 0;
    float sum4 = 0;
    float sum5 = 0;
    float sum6 = 0;
    float sum7 = 0;
    int i = 0;
    for (; i + 7 < length; i += 8) {
      sum0 += left[i] * right[i];
      sum1 += left[i + 1] * right[i + 1];
      sum2 += left[i + 2] * right[i + 2];
      sum3 += left[i + 3] * right[i + 3];
      sum4 += left[i + 4] * right[i + 4];
      sum5 += left[i + 5] * right[i + 5];
      sum6 += left[i + 6] * right[i + 6];
      sum7 += left[i + 7] * right[i + 7];
    }
    for (; i < length; i++) {
      sum0 += left[i] * right[i];
    }
    return ((double) sum0 + sum1) + ((double) sum2 + sum3) + ((double) sum4 + sum5) + ((double) sum6 + sum7);
  }
}
