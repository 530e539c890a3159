package org.emodu.intervention.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.statistics.inference.WilcoxonSignedRankTest;

/**
 * Whether two profiles differ on the same requests: the Wilcoxon signed-rank test on the paired
 * differences {@code second - first}, its effect size, and the mean difference with a bootstrap
 * confidence interval.
 *
 * <p>Pairs whose difference is exactly 0 are left out before ranking (Wilcoxon's own method, the
 * default {@code zero_method="wilcox"} of SciPy's {@code scipy.stats.wilcoxon}); {@link #zeros()}
 * says how many. The p-value is two-sided and comes from Apache Commons Statistics'
 * {@link WilcoxonSignedRankTest} with its defaults: exact below 50 pairs without tied differences,
 * otherwise the normal approximation with a continuity correction. The effect size is the
 * matched-pairs rank-biserial correlation {@code r = (W+ - W-) / (W+ + W-)} (Kerby, 2014), from -1
 * (every pair lower in the second) to 1 (every pair higher).
 *
 * @param pairs how many pairs were compared, zeros included
 * @param zeros pairs whose difference was 0 and took no part in the test
 * @param meanDifference the mean of {@code second - first} over every pair, with its bootstrap interval
 * @param medianDifference the median of {@code second - first}
 * @param positiveRankSum W+, the sum of the ranks of the positive differences
 * @param negativeRankSum W-, the sum of the ranks of the negative differences
 * @param pValue the two-sided p-value; NaN when no pair differed
 * @param exact whether the p-value is exact rather than the normal approximation
 * @param rankBiserial the matched-pairs rank-biserial correlation; NaN when no pair differed
 */
public record PairedComparison(int pairs, int zeros, ConfidenceInterval meanDifference, double medianDifference,
    double positiveRankSum, double negativeRankSum, double pValue, boolean exact, double rankBiserial) {

  /** Below this many differing pairs, without ties, Commons Statistics computes the exact p-value. */
  static final int EXACT_LIMIT = 50;

  /**
   * Compares paired values: {@code first[i]} and {@code second[i]} belong to the same request.
   *
   * @param bootstrap resamples the pairs for the interval of the mean difference
   * @throws IllegalArgumentException when the arrays differ in length or hold NaN or infinite values
   */
  public static PairedComparison of(double[] first, double[] second, Bootstrap bootstrap) {
    if (first.length != second.length) {
      throw new IllegalArgumentException("paired values need as many of each: " + first.length + " first and "
          + second.length + " second");
    }
    double[] differences = new double[first.length];
    for (int i = 0; i < first.length; i++) {
      if (!Double.isFinite(first[i]) || !Double.isFinite(second[i])) {
        throw new IllegalArgumentException("pair " + (i + 1) + " of " + first.length + " holds " + first[i] + " and "
            + second[i] + "; a paired comparison needs finite numbers");
      }
      differences[i] = second[i] - first[i];
    }
    return ofDifferences(differences, bootstrap);
  }

  /** Compares paired differences ({@code second - first}, one per pair) with 0. */
  public static PairedComparison ofDifferences(double[] differences, Bootstrap bootstrap) {
    ConfidenceInterval mean = bootstrap.mean(differences);
    double median = DescriptiveSummary.of(differences).median();
    List<Double> nonZero = new ArrayList<>();
    for (double difference : differences) {
      if (difference != 0) {
        nonZero.add(difference);
      }
    }
    int zeros = differences.length - nonZero.size();
    int n = nonZero.size();
    if (n == 0) {
      return new PairedComparison(differences.length, zeros, mean, median, 0, 0, Double.NaN, false, Double.NaN);
    }
    double[] tested = nonZero.stream().mapToDouble(Double::doubleValue).toArray();
    WilcoxonSignedRankTest.Result result = WilcoxonSignedRankTest.withDefaults().test(tested);
    double positive = result.getStatistic();
    double negative = n * (n + 1) / 2.0 - positive;
    boolean exact = n < EXACT_LIMIT && !result.hasTiedValues();
    return new PairedComparison(differences.length, zeros, mean, median, positive, negative, result.getPValue(),
        exact, (positive - negative) / (positive + negative));
  }

  /** Whether the test could be run: at least one pair differed. */
  public boolean tested() {
    return !Double.isNaN(pValue);
  }
}
