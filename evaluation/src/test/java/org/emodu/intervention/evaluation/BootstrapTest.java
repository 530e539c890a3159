package org.emodu.intervention.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {

  private static double[] sample(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 0.6 + 0.2 * random.nextDouble();
    }
    return values;
  }

  @Test
  void theSameSeedGivesTheSameIntervalAndAnotherSeedAnother() {
    double[] values = sample(40, 7);

    ConfidenceInterval first = Bootstrap.of(2_000, 42, 0.95).mean(values);
    ConfidenceInterval again = Bootstrap.of(2_000, 42, 0.95).mean(values.clone());
    ConfidenceInterval other = Bootstrap.of(2_000, 43, 0.95).mean(values);

    assertThat(again).isEqualTo(first);
    assertThat(other.lower()).isNotEqualTo(first.lower());
    assertThat(first.resamples()).isEqualTo(2_000);
    assertThat(first.seed()).isEqualTo(42);
  }

  @Test
  void theIntervalHoldsTheMeanAndIsAboutTwoStandardErrorsEachSide() {
    double[] values = sample(200, 11);
    DescriptiveSummary summary = DescriptiveSummary.of(values);
    double standardError = summary.standardDeviation() / Math.sqrt(values.length);

    ConfidenceInterval interval = Bootstrap.withDefaults().mean(values);

    assertThat(interval.estimate()).isCloseTo(summary.mean(), within(1e-12));
    assertThat(interval.contains(summary.mean())).isTrue();
    // the normal theory interval is mean ± 1.96 SE; a percentile bootstrap of 10,000 lands close to it
    assertThat(interval.upper() - interval.lower()).isCloseTo(2 * 1.96 * standardError, within(0.15 * standardError * 4));
    assertThat(interval.level()).isEqualTo(0.95);
  }

  @Test
  void aNinetyFivePercentIntervalCoversTheTrueMeanAboutNinetyFiveTimesInAHundred() {
    // uniform(0.6, 0.8) has mean 0.7; 200 samples of 30, each with its own seeded interval
    int covered = 0;
    for (int trial = 0; trial < 200; trial++) {
      if (Bootstrap.of(1_000, trial, 0.95).mean(sample(30, 1_000 + trial)).contains(0.7)) {
        covered++;
      }
    }
    assertThat(covered).isBetween(180, 198);
  }

  @Test
  void groupsAreResampledWhole() {
    // two requests, each answered alike three times: the interval spans the two requests' means, no less
    List<double[]> groups = List.of(new double[] {0.5, 0.5, 0.5}, new double[] {0.9, 0.9, 0.9});

    ConfidenceInterval clustered = Bootstrap.of(1_000, 1, 0.95).clusteredMean(groups);
    ConfidenceInterval single = Bootstrap.of(1_000, 1, 0.95).clusteredMean(
        List.of(new double[] {0.5}, new double[] {0.9}));

    assertThat(clustered.estimate()).isCloseTo(0.7, within(1e-12));
    assertThat(clustered.lower()).isCloseTo(0.5, within(1e-12));
    assertThat(clustered.upper()).isCloseTo(0.9, within(1e-12));
    assertThat(clustered.lower()).isEqualTo(single.lower());
    assertThat(clustered.upper()).isEqualTo(single.upper());
  }

  @Test
  void groupsOfOneAreThePlainBootstrap() {
    double[] values = sample(25, 3);
    List<double[]> groups = java.util.Arrays.stream(values).mapToObj(value -> new double[] {value}).toList();

    assertThat(Bootstrap.withDefaults().clusteredMean(groups).lower())
        .isCloseTo(Bootstrap.withDefaults().mean(values).lower(), within(1e-12));
  }

  @Test
  void noValuesGiveAnUndefinedIntervalAndBadValuesAreRefused() {
    assertThat(Bootstrap.withDefaults().mean().isDefined()).isFalse();
    assertThatThrownBy(() -> Bootstrap.withDefaults().mean(1, Double.NaN))
        .hasMessage("value 2 of 2 is NaN; a bootstrap needs finite numbers");
    assertThatThrownBy(() -> Bootstrap.of(10, 1, 0.95)).hasMessageContaining("resamples must be from 100");
    assertThatThrownBy(() -> Bootstrap.of(1_000, 1, 1.0)).hasMessageContaining("between 0 and 1");
  }
}
