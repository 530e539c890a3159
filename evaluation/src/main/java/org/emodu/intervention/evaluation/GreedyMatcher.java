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

  // Four independent sums let the processor overlap the multiply-adds; one running sum would chain
  // them. Sums in double keep a sentence matched with itself within 1e-7 of a similarity of 1.
  static double dot(float[] left, int leftOffset, float[] right, int rightOffset, int length) {
    double sum0 = 0;
    double sum1 = 0;
    double sum2 = 0;
    double sum3 = 0;
    int i = 0;
    for (; i + 3 < length; i += 4) {
      sum0 += (double) left[leftOffset + i] * right[rightOffset + i];
      sum1 += (double) left[leftOffset + i + 1] * right[rightOffset + i + 1];
      sum2 += (double) left[leftOffset + i + 2] * right[rightOffset + i + 2];
      sum3 += (double) left[leftOffset + i + 3] * right[rightOffset + i + 3];
    }
    for (; i < length; i++) {
      sum0 += (double) left[leftOffset + i] * right[rightOffset + i];
    }
    return sum0 + sum1 + sum2 + sum3;
  }
}
