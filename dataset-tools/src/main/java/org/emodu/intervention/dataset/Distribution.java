package org.emodu.intervention.dataset;

import java.util.Arrays;

/**
 * Summary statistics of a whole-number quantity over a file's examples: count, minimum, maximum,
 * mean, median and the 5th and 95th percentiles. Percentiles interpolate linearly between the
 * closest ranks, as numpy's default does, so figures match the OpenAI cookbook's.
 */
public record Distribution(long count, long min, long max, double mean, double median, double p5, double p95) {

  /** The distribution of no values: every figure zero. */
  public static final Distribution EMPTY = new Distribution(0, 0, 0, 0, 0, 0, 0);

  /** The distribution of the first {@code size} values; sorts that part of the array. */
  static Distribution of(int[] values, int size) {
    if (size == 0) {
      return EMPTY;
    }
    Arrays.sort(values, 0, size);
    long sum = 0;
    for (int i = 0; i < size; i++) {
      sum += values[i];
    }
    return new Distribution(size, values[0], values[size - 1], (double) sum / size,
        quantile(values, size, 0.5), quantile(values, size, 0.05), quantile(values, size, 0.95));
  }

  private static double quantile(int[] sorted, int size, double q) {
    double position = q * (size - 1);
    int lower = (int) Math.floor(position);
    int upper = Math.min(lower + 1, size - 1);
    double weight = position - lower;
    return sorted[lower] + (sorted[upper] - sorted[lower]) * weight;
  }
}
