package org.emodu.intervention.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairedComparisonTest {

  /**
   * Cureton's (1967) differences in plant heights, the example of SciPy's scipy.stats.wilcoxon
   * documentation: W+ = 96, W- = 24 (SciPy reports min(W+, W-) = 24), exact two-sided p =
   * 0.041259765625 (SciPy 1.17.1, {@code wilcoxon(d)}).
   */
  private static final double[] CURETON = {6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75};

  @Test
  void reproducesTheTextbookExampleWithItsEffectSize() {
    PairedComparison comparison = PairedComparison.ofDifferences(CURETON, Bootstrap.withDefaults());

    assertThat(comparison.positiveRankSum()).isEqualTo(96);
    assertThat(comparison.negativeRankSum()).isEqualTo(24);
    assertThat(comparison.pValue()).isCloseTo(0.041259765625, within(1e-12));
    assertThat(comparison.exact()).isTrue();
    // matched-pairs rank-biserial: (96 - 24) / 120
    assertThat(comparison.rankBiserial()).isCloseTo(0.6, within(1e-12));
    assertThat(comparison.meanDifference().estimate()).isCloseTo(
        java.util.Arrays.stream(CURETON).average().orElseThrow(), within(1e-12));
    assertThat(comparison.medianDifference()).isEqualTo(24);
  }

  @Test
  void pairsWithoutADifferenceAreLeftOutAsWilcoxonDid() {
    // SciPy 1.17.1, wilcoxon([1, 2, -3, 4, 5, 6, 7, 8]): statistic 3.0, p 0.0390625; zeros discarded ("wilcox")
    double[] first = {0.5, 0.5, 0.0, 0.0, 0.3, 0.0, 0.0, 0.0, 0.0, 0.0};
    double[] second = {0.5, 0.5, 1.0, 2.0, -2.7, 4.0, 5.0, 6.0, 7.0, 8.0};

    PairedComparison comparison = PairedComparison.of(first, second, Bootstrap.withDefaults());

    assertThat(comparison.pairs()).isEqualTo(10);
    assertThat(comparison.zeros()).isEqualTo(2);
    assertThat(comparison.negativeRankSum()).isEqualTo(3);
    assertThat(comparison.pValue()).isCloseTo(0.0390625, within(1e-12));
  }

  @Test
  void manyPairsUseTheNormalApproximationWithContinuityCorrection() {
    // SciPy 1.17.1, wilcoxon(d, correction=True, method="approx"): statistic 590.0, p 0.016901653275967533
    double[] differences = new double[60];
    for (int i = 0; i < 60; i++) {
      differences[i] = (i % 3 == 0 ? -1 : 1) * (i + 1);
    }

    PairedComparison comparison = PairedComparison.ofDifferences(differences, Bootstrap.withDefaults());

    assertThat(comparison.exact()).isFalse();
    assertThat(comparison.negativeRankSum()).isEqualTo(590);
    assertThat(comparison.pValue()).isCloseTo(0.016901653275967533, within(1e-12));
  }

  @Test
  void identicalProfilesCannotBeTested() {
    PairedComparison comparison = PairedComparison.of(new double[] {1, 2}, new double[] {1, 2}, Bootstrap.withDefaults());

    assertThat(comparison.tested()).isFalse();
    assertThat(comparison.zeros()).isEqualTo(2);
    assertThat(comparison.meanDifference().estimate()).isZero();
  }

  @Test
  void unequalLengthsAreRefused() {
    assertThatThrownBy(() -> PairedComparison.of(new double[] {1}, new double[] {1, 2}, Bootstrap.withDefaults()))
        .hasMessage("paired values need as many of each: 1 first and 2 second");
  }
}
