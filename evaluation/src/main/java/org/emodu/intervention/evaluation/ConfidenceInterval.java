package org.emodu.intervention.evaluation;

/**
 * An estimate with a confidence interval, as a bootstrap gives it: the statistic of the sample and
 * the bounds that hold {@code level} of its resampled values (percentile method).
 *
 * @param estimate the statistic of the sample itself (a mean, a mean difference)
 * @param lower the lower bound
 * @param upper the upper bound
 * @param level the confidence level, e.g. 0.95
 * @param resamples how many bootstrap resamples the bounds come from
 * @param seed the seed of the resampling, so that the bounds can be reproduced
 */
public record ConfidenceInterval(double estimate, double lower, double upper, double level, int resamples, long seed) {

  public ConfidenceInterval {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("a confidence level is between 0 and 1, got " + level);
    }
    if (resamples < 0) {
      throw new IllegalArgumentException("resamples cannot be negative: " + resamples);
    }
    if (lower > upper) {
      throw new IllegalArgumentException("the lower bound " + lower + " is above the upper bound " + upper);
    }
  }

  /** Whether {@code value} lies within the bounds, bounds included. */
  public boolean contains(double value) {
    return value >= lower && value <= upper;
  }

  /** Whether there was anything to estimate: false for an empty sample, whose figures are NaN. */
  public boolean isDefined() {
    return !Double.isNaN(estimate);
  }
}
