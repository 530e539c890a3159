package org.emodu.intervention.evaluation;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.statistics.descriptive.Quantile;

/**
 * Percentile bootstrap confidence intervals for means, seeded so that the same data and seed give
 * the same bounds on every machine and every run (Efron and Tibshirani, <i>An Introduction to the
 * Bootstrap</i>, 1993, ch. 13).
 *
 * <p>Each resample draws as many values as the sample holds, with replacement, from a
 * {@link SplittableRandom} seeded with {@link #seed()}; the interval's bounds are the
 * {@code (1 - level) / 2} and {@code (1 + level) / 2} quantiles of the resampled means (Hyndman and
 * Fan's type 7, as {@link DescriptiveSummary}'s quartiles). The clustered form resamples whole
 * groups (the repetitions of one request, say), so that answers to the same request, which are not
 * independent of each other, are never counted as if they were. Immutable and thread-safe.
 */
public final class Bootstrap {

  /** Resamples when none are chosen: enough that the bounds of a 95% interval are stable to about 0.1 of a standard error. */
  public static final int DEFAULT_RESAMPLES = 10_000;

  /** The seed when none is chosen. */
  public static final long DEFAULT_SEED = 42;

  private static final Quantile QUANTILES = Quantile.withDefaults().with(Quantile.EstimationMethod.HF7);

  private final int resamples;
  private final long seed;
  private final double level;

  private Bootstrap(int resamples, long seed, double level) {
    if (resamples < 100 || resamples > 10_000_000) {
      throw new IllegalArgumentException("resamples must be from 100 to 10,000,000, got " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("the confidence level must be between 0 and 1, got " + level);
    }
    this.resamples = resamples;
    this.seed = seed;
    this.level = level;
  }

  /** 10,000 resamples, seed 42, 95% intervals. */
  public static Bootstrap withDefaults() {
    return new Bootstrap(DEFAULT_RESAMPLES, DEFAULT_SEED, 0.95);
  }

  /**
   * A bootstrap of {@code resamples} resamples from {@code seed}, for intervals of {@code level}.
   *
   * @throws IllegalArgumentException when resamples is not from 100 to 10,000,000 or level not in (0, 1)
   */
  public static Bootstrap of(int resamples, long seed, double level) {
    return new Bootstrap(resamples, seed, level);
  }

  public int resamples() {
    return resamples;
  }

  public long seed() {
    return seed;
  }

  public double level() {
    return level;
  }

  /**
   * The mean of independent values with its interval. No values give NaN bounds; one value, or
   * values all alike, an interval of width 0.
   *
   * @throws IllegalArgumentException when a value is NaN or infinite
   */
  public ConfidenceInterval mean(double... values) {
    check(values);
    int n = values.length;
    if (n == 0) {
      return undefined();
    }
    double estimate = mean(values, n);
    SplittableRandom random = new SplittableRandom(seed);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += values[random.nextInt(n)];
      }
      means[r] = sum / n;
    }
    return interval(estimate, means);
  }

  /**
   * The mean over every value of every group, with an interval from resampling whole groups: the
   * cluster bootstrap, for values that come in dependent groups such as the repetitions of one
   * request. With groups of one value each it is {@link #mean(double...)}.
   *
   * @throws IllegalArgumentException when a value is NaN or infinite
   */
  public ConfidenceInterval clusteredMean(List<double[]> groups) {
    int g = groups.size();
    double[] sums = new double[g];
    int[] counts = new int[g];
    double total = 0;
    long count = 0;
    for (int i = 0; i < g; i++) {
      double[] group = groups.get(i);
      check(group);
      for (double value : group) {
        sums[i] += value;
      }
      counts[i] = group.length;
      total += sums[i];
      count += group.length;
    }
    if (count == 0) {
      return undefined();
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      long drawn = 0;
      for (int i = 0; i < g; i++) {
        int pick = random.nextInt(g);
        sum += sums[pick];
        drawn += counts[pick];
      }
      // A resample of empty groups only has no mean; it counts as the sample's, which keeps the bounds honest.
      means[r] = drawn == 0 ? total / count : sum / drawn;
    }
    return interval(total / count, means);
  }

  private ConfidenceInterval interval(double estimate, double[] means) {
    double[] bounds = QUANTILES.evaluate(means, (1 - level) / 2, (1 + level) / 2);
    return new ConfidenceInterval(estimate, bounds[0], bounds[1], level, resamples, seed);
  }

  private ConfidenceInterval undefined() {
    return new ConfidenceInterval(Double.NaN, Double.NaN, Double.NaN, level, resamples, seed);
  }

  private static double mean(double[] values, int n) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / n;
  }

  private static void check(double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("value " + (i + 1) + " of " + values.length + " is " + values[i]
            + "; a bootstrap needs finite numbers");
      }
    }
  }

  @Override
  public String toString() {
    return "Bootstrap[resamples=" + resamples + ", seed=" + seed + ", level=" + level + "]";
  }
}
