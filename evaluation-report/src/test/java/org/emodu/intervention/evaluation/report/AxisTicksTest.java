package org.emodu.intervention.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AxisTicksTest {

  @Test
  void stepTicksAreRoundWhateverTheNumberOfSteps() {
    assertThat(AxisTicks.ticks(7, 8)).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0);
    assertThat(AxisTicks.ticks(40, 8)).containsExactly(0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0, 40.0);
    assertThat(AxisTicks.ticks(1_000, 8)).containsExactly(0.0, 200.0, 400.0, 600.0, 800.0, 1_000.0);
    assertThat(AxisTicks.ticks(100_000, 8)).containsExactly(0.0, 20_000.0, 40_000.0, 60_000.0, 80_000.0, 100_000.0);
  }

  @Test
  void everyStepIsOneTwoOrFiveTimesAPowerOfTenAndNeverLabelsEveryStepOfALongRun() {
    for (int steps = 1; steps <= 200_000; steps = steps < 100 ? steps + 1 : steps * 3 / 2) {
      double step = AxisTicks.step(steps, 8);
      double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
      assertThat(mantissa).as("step %s for %s steps", step, steps).isIn(1.0, 2.0, 5.0);
      assertThat(AxisTicks.ticks(steps, 8)).as("ticks for %s steps", steps).hasSizeLessThanOrEqualTo(10);
      assertThat(AxisTicks.ticks(steps, 8).get(AxisTicks.ticks(steps, 8).size() - 1)).isGreaterThanOrEqualTo(steps);
    }
  }
}
