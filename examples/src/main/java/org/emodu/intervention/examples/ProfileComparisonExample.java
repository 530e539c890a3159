package org.emodu.intervention.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.emodu.intervention.evaluation.Bootstrap;
import org.emodu.intervention.evaluation.ConfidenceInterval;
import org.emodu.intervention.evaluation.PairedComparison;
import org.emodu.intervention.evaluation.report.ChartFiles;
import org.emodu.intervention.evaluation.report.ChartStyle;
import org.emodu.intervention.evaluation.report.Charts;
import org.emodu.intervention.evaluation.report.ReportLanguage;

/**
 * Compares two profiles' BERTScore F1 on the same ten requests: each mean with its seeded 95%
 * bootstrap interval, the paired Wilcoxon signed-rank test with its effect size, and the charts a
 * thesis shows (means with intervals on a 0-1 axis, and box plots), with Indonesian labels, as
 * 300 dpi PNG, PDF and SVG in {@code target/comparison/}.
 *
 * <pre>{@code
 * mvn -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -pl examples -am
 * java -cp examples/target/classes:$(cat examples/target/classpath.txt) org.emodu.intervention.examples.ProfileComparisonExample
 * }</pre>
 */
public final class ProfileComparisonExample {

  private ProfileComparisonExample() {}

  public static void main(String[] args) {
    double[] base = {0.71, 0.68, 0.74, 0.70, 0.66, 0.72, 0.69, 0.75, 0.67, 0.73};
    double[] fineTuned = {0.76, 0.70, 0.79, 0.75, 0.69, 0.71, 0.77, 0.80, 0.72, 0.78};
    Bootstrap bootstrap = Bootstrap.withDefaults();

    ConfidenceInterval baseMean = bootstrap.mean(base);
    ConfidenceInterval fineTunedMean = bootstrap.mean(fineTuned);
    PairedComparison comparison = PairedComparison.of(base, fineTuned, bootstrap);
    System.out.printf(Locale.ROOT, "base       F1 %.4f [%.4f, %.4f]%n", baseMean.estimate(), baseMean.lower(),
        baseMean.upper());
    System.out.printf(Locale.ROOT, "finetuned  F1 %.4f [%.4f, %.4f]%n", fineTunedMean.estimate(),
        fineTunedMean.lower(), fineTunedMean.upper());
    System.out.printf(Locale.ROOT, "difference %.4f [%.4f, %.4f], Wilcoxon W+ %.1f W- %.1f, p %.4f (%s), r %.3f%n",
        comparison.meanDifference().estimate(), comparison.meanDifference().lower(),
        comparison.meanDifference().upper(), comparison.positiveRankSum(), comparison.negativeRankSum(),
        comparison.pValue(), comparison.exact() ? "exact" : "normal approximation", comparison.rankBiserial());

    Path directory = Path.of("target", "comparison");
    ChartStyle style = ChartStyle.print(ReportLanguage.INDONESIAN);
    Map<String, List<ConfidenceInterval>> means = new LinkedHashMap<>();
    means.put("Profil dasar", List.of(baseMean));
    means.put("Profil fine-tuned", List.of(fineTunedMean));
    Map<String, double[]> values = new LinkedHashMap<>();
    values.put("Profil dasar", base);
    values.put("Profil fine-tuned", fineTuned);
    for (ChartFiles chart : List.of(
        Charts.intervals("BERTScore F1 (rerata, selang kepercayaan 95%)", "skor (0 sampai 1)", List.of("F1"), means,
            0, 1.0, "0.0", style, directory, "f1-rerata"),
        Charts.boxes("BERTScore F1 per jawaban", "F1 (0 sampai 1)", values, 0.0, 1.0, "0.0", style, directory,
            "f1-sebaran"))) {
      System.out.println("chart " + chart.png() + ", " + chart.pdf() + ", " + chart.svg());
    }
  }
}
