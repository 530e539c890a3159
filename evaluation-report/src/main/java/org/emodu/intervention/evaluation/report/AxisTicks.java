package org.emodu.intervention.evaluation.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Round axis ticks: a step of 1, 2 or 5 times a power of ten, chosen so that an axis from 0 to
 * {@code max} has at most {@code maxTicks} intervals, whatever the number of steps.
 */
final class AxisTicks {

  private AxisTicks() {}

  /** The round step for an axis from 0 to {@code max} with at most {@code maxIntervals} intervals. */
  static double step(double max, int maxIntervals) {
    if (!(max > 0) || !Double.isFinite(max)) {
      return 1;
    }
    double raw = max / maxIntervals;
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double multiple : new double[] {1, 2, 5, 10}) {
      if (multiple * power >= raw * (1 - 1e-12)) {
        return Math.max(1, multiple * power);
      }
    }
    return Math.max(1, 10 * power);
  }

  /** The ticks 0, step, 2 step, ... up to the first at or beyond {@code max}. */
  static List<Double> ticks(double max, int maxIntervals) {
    double step = step(max, maxIntervals);
    List<Double> ticks = new ArrayList<>();
    long last = (long) Math.ceil(max / step - 1e-9);
    for (long i = 0; i <= Math.max(1, last); i++) {
      ticks.add(i * step);
    }
    return ticks;
  }
}
