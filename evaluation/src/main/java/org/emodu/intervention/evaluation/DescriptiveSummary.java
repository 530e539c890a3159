package org.emodu.intervention.evaluation;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import org.apache.commons.statistics.descriptive.DoubleStatistics;
import org.apache.commons.statistics.descriptive.Quantile;
import org.apache.commons.statistics.descriptive.Statistic;

/**
 * The descriptive statistics pandas' {@code describe()} prints for a numeric column (count, mean,
 * standard deviation, minimum, quartiles, maximum) plus the sum, computed with Apache Commons
 * Statistics.
 *
 * <p>The standard deviation is the sample one, with {@code n - 1} in the denominator, and NaN for a
 * single value, as pandas reports. The quartiles use linear interpolation between the closest
 * ranks: Hyndman and Fan's type 7, the default of pandas, NumPy and R (Commons Statistics'
 * {@link Quantile.EstimationMethod#HF7}). A summary of no values has count 0 and NaN for every
 * other figure.
 *
 * @param count how many values
 * @param sum their sum
 * @param mean their arithmetic mean
 * @param standardDeviation the sample standard deviation
 * @param min the smallest value
 * @param firstQuartile the 25th percentile
 * @param median the 50th percentile
 * @param thirdQuartile the 75th percentile
 * @param max the largest value
 */
public record DescriptiveSummary(long count, double sum, double mean, double standardDeviation, double min,
    double firstQuartile, double median, double thirdQuartile, double max) {

  /** Column names in the order of {@link #values()}, as pandas labels them (plus {@code sum}). */
  public static final List<String> COLUMNS = List.of("count", "sum", "mean", "std", "min", "25%", "50%", "75%", "max");

  private static final Quantile QUARTILES = Quantile.withDefaults().with(Quantile.EstimationMethod.HF7);
  private static final EnumSet<Statistic> MOMENTS =
      EnumSet.of(Statistic.MIN, Statistic.MAX, Statistic.MEAN, Statistic.STANDARD_DEVIATION, Statistic.SUM);

  public DescriptiveSummary {
    if (count < 0) {
      throw new IllegalArgumentException("a count cannot be negative: " + count);
    }
  }

  /**
   * Summarises values.
   *
   * @throws IllegalArgumentException when a value is NaN or infinite, naming its position
   */
  public static DescriptiveSummary of(double... values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("value " + (i + 1) + " of " + values.length + " is " + values[i]
            + "; descriptive statistics need finite numbers");
      }
    }
    if (values.length == 0) {
      double none = Double.NaN;
      return new DescriptiveSummary(0, none, none, none, none, none, none, none, none);
    }
    DoubleStatistics statistics = DoubleStatistics.of(MOMENTS, values);
    double[] quartiles = QUARTILES.evaluate(values.clone(), 0.25, 0.5, 0.75);
    double standardDeviation = values.length == 1 ? Double.NaN : statistics.getAsDouble(Statistic.STANDARD_DEVIATION);
    return new DescriptiveSummary(values.length, statistics.getAsDouble(Statistic.SUM),
        statistics.getAsDouble(Statistic.MEAN), standardDeviation, statistics.getAsDouble(Statistic.MIN),
        quartiles[0], quartiles[1], quartiles[2], statistics.getAsDouble(Statistic.MAX));
  }

  /** Summarises whole numbers such as token counts; every count below 2^53 is exact. */
  public static DescriptiveSummary of(long... values) {
    double[] converted = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      converted[i] = values[i];
    }
    return of(converted);
  }

  /** Summarises a column of numbers. */
  public static DescriptiveSummary of(Collection<? extends Number> values) {
    return of(values.stream().mapToDouble(Number::doubleValue).toArray());
  }

  /** The figures in the order of {@link #COLUMNS}, the count first. */
  public List<Double> values() {
    return List.of((double) count, sum, mean, standardDeviation, min, firstQuartile, median, thirdQuartile, max);
  }
}
