package org.emodu.intervention.evaluation;

/**
 * BERTScore precision, recall and F1 of one candidate against one reference. Raw scores are
 * weighted means of cosine similarities, so at most 1; rescaled scores (see {@link Baseline}) keep 1
 * as a perfect match and may fall below 0.
 *
 * @param precision how well the candidate's tokens are matched in the reference
 * @param recall how well the reference's tokens are matched in the candidate
 * @param f1 the harmonic mean of the raw precision and recall (rescaled on its own when rescaling)
 */
public record BertScore(double precision, double recall, double f1) {

  public BertScore {
    if (!Double.isFinite(precision) || !Double.isFinite(recall) || !Double.isFinite(f1)) {
      throw new IllegalArgumentException(
          "BERTScore values must be finite numbers: precision " + precision + ", recall " + recall + ", f1 " + f1);
    }
  }

  /**
   * The score from a precision and a recall, with F1 their harmonic mean; 0 when both are 0, as the
   * reference implementation reports.
   */
  public static BertScore of(double precision, double recall) {
    double sum = precision + recall;
    return new BertScore(precision, recall, sum == 0 ? 0 : 2 * precision * recall / sum);
  }
}
