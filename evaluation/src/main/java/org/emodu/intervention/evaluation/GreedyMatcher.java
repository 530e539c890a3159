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
   * The raw score of a candidate against a reference. A sentence left with no ordinary tokens scores
   * 0, as in the reference implementation.
   */
  static BertScore score(SentenceVectors candidate, SentenceVectors reference) {
    if (candidate.tokens == 0 || reference.tokens == 0) {
      return new BertScore(0, 0, 0);
    }
    if (candidate.dimension != reference.dimension) {
      throw new IllegalStateException("cannot match vectors of " + candidate.dimension + " and "
          + reference.dimension + " dimensions");
    }
    int dimension = candidate.dimension;
    double[] bestForReference = new double[reference.tokens];
    Arrays.fill(bestForReference, Double.NEGATIVE_INFINITY);
    double precision = 0;
    for (int i = 0; i < candidate.tokens; i++) {
      double bestForCandidate = Double.NEGATIVE_INFINITY;
      int candidateOffset = i * dimension;
      for (int j = 0; j < reference.tokens; j++) {
        double similarity = dot(candidate.vectors, candidateOffset, reference.vectors, j * dimension, dimension);
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
    for (int j = 0; j < reference.tokens; j++) {
      recall += reference.weights[j] * bestForReference[j];
    }
    return BertScore.of(precision, recall);
  }

  // Eight independent float sums let the processor keep several multiply-adds in flight (one running
  // sum would chain them) and cost a third of the time double sums take; each partial sum adds a
  // sixth of a 384-dimension product, so a sentence matched with itself still lands within 1e-6 of 1.
  static double dot(float[] left, int leftOffset, float[] right, int rightOffset, int length) {
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
      int l = leftOffset + i;
      int r = rightOffset + i;
      sum0 += left[l] * right[r];
      sum1 += left[l + 1] * right[r + 1];
      sum2 += left[l + 2] * right[r + 2];
      sum3 += left[l + 3] * right[r + 3];
      sum4 += left[l + 4] * right[r + 4];
      sum5 += left[l + 5] * right[r + 5];
      sum6 += left[l + 6] * right[r + 6];
      sum7 += left[l + 7] * right[r + 7];
    }
    for (; i < length; i++) {
      sum0 += left[leftOffset + i] * right[rightOffset + i];
    }
    return ((double) sum0 + sum1) + ((double) sum2 + sum3) + ((double) sum4 + sum5) + ((double) sum6 + sum7);
  }
}
