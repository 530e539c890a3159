package org.emodu.intervention.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

  @TempDir
  Path directory;

  private static int coloured(BufferedImage image) {
    int count = 0;
    for (int x = 0; x < image.getWidth(); x += 2) {
      for (int y = 0; y < image.getHeight(); y += 2) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        int red = rgb >> 16;
        int green = (rgb >> 8) & 0xff;
        int blue = rgb & 0xff;
        if (Math.max(red, Math.max(green, blue)) - Math.min(red, Math.min(green, blue)) > 60) {
          count++;
        }
      }
    }
    return count;
  }

  @Test
  void barChartsAreWrittenAsReadablePngAndSvg() throws Exception {
    Map<String, List<Double>> values = new LinkedHashMap<>();
    values.put("base", List.of(0.71, 0.69, 0.70));
    values.put("finetuned", List.of(0.78, 0.76, 0.77));

    ChartFiles chart = Charts.bars("BERTScore", "score", List.of("precision", "recall", "F1"), values, 1.0,
        "0.000", directory, "bertscore");

    BufferedImage image = ImageIO.read(chart.png().toFile());
    assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
    assertThat(coloured(image)).as("coloured pixels of the bars").isGreaterThan(2000);
    assertThat(Files.readString(chart.svg())).contains("<svg").contains("</svg>");
    assertThat(chart.pngBytes()).isEqualTo(Files.readAllBytes(chart.png()));
  }

  @Test
  void seriesMustHaveOneValuePerCategory() {
    assertThatThrownBy(() -> Charts.bars("t", "y", List.of("a", "b"), Map.of("s", List.of(1.0)), null, "0.0", directory, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("series s has 1 values for 2 categories");
  }

  @Test
  void lossCurveIsDrawnFromTheJobsMetricsFile() throws Exception {
    Path metrics = directory.resolve("result-metrics.csv");
    try (InputStream in = Fixtures.open(Fixtures.RESULT_METRICS)) {
      Files.copy(in, metrics, StandardCopyOption.REPLACE_EXISTING);
    }

    ChartFiles chart = Charts.lossCurve(TrainingCurve.read(metrics), 0.6, directory, "loss");

    BufferedImage image = ImageIO.read(chart.png().toFile());
    assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(coloured(image)).isGreaterThan(200);
    assertThat(Files.readString(chart.svg())).contains("<svg");
  }

  @Test
  void printChartsAreHighResolutionPngWithPdfAndSvgBeside() throws Exception {
    Map<String, List<org.emodu.intervention.evaluation.ConfidenceInterval>> values = new LinkedHashMap<>();
    values.put("base", List.of(new org.emodu.intervention.evaluation.ConfidenceInterval(0.71, 0.69, 0.72, 0.95, 1000, 42)));
    values.put("finetuned", List.of(new org.emodu.intervention.evaluation.ConfidenceInterval(0.78, 0.75, 0.80, 0.95, 1000, 42)));

    ChartFiles chart = Charts.intervals("BERTScore", "score", List.of("F1"), values, 0, 1.0, "0.0",
        ChartStyle.print(ReportLanguage.ENGLISH), directory, "means");

    BufferedImage image = ImageIO.read(chart.png().toFile());
    assertThat(image.getWidth()).isEqualTo(Charts.WIDTH * 300 / 72);
    assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT * 300 / 72);
    BufferedImage screen = ImageIO.read(new java.io.ByteArrayInputStream(chart.pngBytes()));
    assertThat(screen.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(new String(Files.readAllBytes(chart.pdf()), 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1))
        .isEqualTo("%PDF-");
    assertThat(Files.readString(chart.svg())).contains("<svg");
  }

  @Test
  void boxPlotsDrawEverySeriesWithValues() throws Exception {
    Map<String, double[]> values = new LinkedHashMap<>();
    values.put("base", new double[] {0.6, 0.65, 0.7, 0.72, 0.9});
    values.put("empty", new double[0]);
    values.put("finetuned", new double[] {0.7, 0.75, 0.78, 0.8, 0.82});

    ChartFiles chart = Charts.boxes("F1", "F1", values, 0.0, 1.0, "0.0", ChartStyle.screen(), directory, "box");

    assertThat(coloured(ImageIO.read(chart.png().toFile()))).as("boxes, medians and outliers").isGreaterThan(30);
    assertThat(chart.pdf()).exists();
  }

  @Test
  void accuracyIsChartedWhenTheMetricsCarryItAndRefusedWhenNot() throws Exception {
    Path metrics = directory.resolve("result-metrics.csv");
    try (InputStream in = Fixtures.open(Fixtures.RESULT_METRICS)) {
      Files.copy(in, metrics, StandardCopyOption.REPLACE_EXISTING);
    }
    TrainingCurve curve = TrainingCurve.read(metrics);

    ChartFiles chart = Charts.accuracyCurve(curve, 0.6, ChartStyle.screen(), directory, "accuracy");

    assertThat(coloured(ImageIO.read(chart.png().toFile()))).isGreaterThan(200);
    assertThatThrownBy(() -> Charts.accuracyCurve(new TrainingCurve(curve.trainingLoss(), List.of()), 0.6,
        ChartStyle.screen(), directory, "none")).hasMessage("the training curve carries no accuracy");
  }

  @Test
  void theLegendStatesTheSmoothingInEitherLanguage() {
    assertThat(Charts.smoothingLabel(ReportLanguage.ENGLISH, 0.6)).isEqualTo("smoothed (bias-corrected EMA, weight 0.60)");
    assertThat(Charts.smoothingLabel(ReportLanguage.INDONESIAN, 0.6)).isEqualTo("dihaluskan (EMA terkoreksi bias, bobot 0.60)");
    assertThat(Charts.smoothingLabel(ReportLanguage.INDONESIAN, 0)).isEqualTo("tanpa penghalusan");
  }

  @Test
  void theSvgKeepsTitlesLabelsTicksAndLegendsAsText() throws Exception {
    Path metrics = directory.resolve("result-metrics.csv");
    try (InputStream in = Fixtures.open(Fixtures.RESULT_METRICS)) {
      Files.copy(in, metrics, StandardCopyOption.REPLACE_EXISTING);
    }

    ChartFiles chart = Charts.lossCurve(TrainingCurve.read(metrics), 0.6, ChartStyle.print(ReportLanguage.INDONESIAN),
        directory, "loss");

    String svg = Files.readString(chart.svg());
    java.util.List<String> texts = new java.util.ArrayList<>();
    java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(svg);
    while (matcher.find()) {
      texts.add(matcher.group(1));
    }
    assertThat(texts).contains("Loss pelatihan fine-tuning", "langkah", "loss", "loss validasi", "0", "100", "200",
        "loss pelatihan, dihaluskan (EMA terkoreksi bias, bobot 0.60)", "0.5", "1.0");
  }

  @Test
  void barChartsKeepTheirTitleCategoriesTicksAndLegendAsText() throws Exception {
    Map<String, List<Double>> values = new LinkedHashMap<>();
    values.put("base", List.of(0.712, 0.69));

    ChartFiles chart = Charts.bars("Rerata", "skor", List.of("presisi", "F1"), values, 1.0, "0.000", directory, "b");

    assertThat(Files.readString(chart.svg())).contains(">Rerata</text>").contains(">presisi</text>")
        .contains(">0.500</text>").contains(">base</text>");
  }
}
