package org.emodu.intervention.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DescriptiveSummaryTest {

  private static final double EXACT = 1e-12;

  @Test
  void matchesPandasDescribeOnKnownValues() {
    // pandas.Series([1, 2, 3, 4, 10]).describe(): count 5, mean 4, std 3.535534, min 1, 25% 2, 50% 3, 75% 4, max 10
    DescriptiveSummary summary = DescriptiveSummary.of(1.0, 2.0, 3.0, 4.0, 10.0);

    assertThat(summary.count()).isEqualTo(5);
    assertThat(summary.sum()).isEqualTo(20.0);
    assertThat(summary.mean()).isCloseTo(4.0, within(EXACT));
    assertThat(summary.standardDeviation()).isCloseTo(Math.sqrt(12.5), within(EXACT));
    assertThat(summary.min()).isEqualTo(1.0);
    assertThat(summary.firstQuartile()).isCloseTo(2.0, within(EXACT));
    assertThat(summary.median()).isCloseTo(3.0, within(EXACT));
    assertThat(summary.thirdQuartile()).isCloseTo(4.0, within(EXACT));
    assertThat(summary.max()).isEqualTo(10.0);
  }

  @Test
  void interpolatesQuartilesLinearlyAsPandasDoes() {
    // pandas (type 7) gives 1.75, 2.5, 3.25; Commons Statistics' own default (type 8) would give 1.4167 for the first.
    DescriptiveSummary summary = DescriptiveSummary.of(4L, 1L, 3L, 2L);

    assertThat(summary.firstQuartile()).isCloseTo(1.75, within(EXACT));
    assertThat(summary.median()).isCloseTo(2.5, within(EXACT));
    assertThat(summary.thirdQuartile()).isCloseTo(3.25, within(EXACT));
    assertThat(summary.standardDeviation()).isCloseTo(Math.sqrt(5.0 / 3.0), within(EXACT));
  }

  @Test
  void leavesTheStandardDeviationOfOneValueUndefinedAsPandasDoes() {
    DescriptiveSummary summary = DescriptiveSummary.of(List.of(7));

    assertThat(summary.count()).isEqualTo(1);
    assertThat(summary.standardDeviation()).isNaN();
    assertThat(summary.median()).isEqualTo(7.0);
  }

  @Test
  void summarisesNoValuesAsACountOfZero() {
    DescriptiveSummary summary = DescriptiveSummary.of(new double[0]);

    assertThat(summary.count()).isZero();
    assertThat(summary.mean()).isNaN();
    assertThat(summary.values()).hasSize(DescriptiveSummary.COLUMNS.size());
  }

  @Test
  void rejectsValuesThatAreNotFiniteNamingTheirPosition() {
    assertThatThrownBy(() -> DescriptiveSummary.of(1.0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value 2 of 2 is NaN");
  }

  @Property(tries = 200)
  void ordersItsFiguresAndBoundsTheMean(@ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = -1e6, max = 1e6) Double> values) {
    DescriptiveSummary summary = DescriptiveSummary.of(values);
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();

    assertThat(summary.min()).isEqualTo(sorted[0]);
    assertThat(summary.max()).isEqualTo(sorted[sorted.length - 1]);
    assertThat(summary.firstQuartile()).isBetween(summary.min(), summary.median());
    assertThat(summary.thirdQuartile()).isBetween(summary.median(), summary.max());
    assertThat(summary.mean()).isBetween(summary.min() - 1e-6, summary.max() + 1e-6);
    assertThat(summary.sum()).isCloseTo(Arrays.stream(sorted).sum(), within(1e-3));
  }
}
