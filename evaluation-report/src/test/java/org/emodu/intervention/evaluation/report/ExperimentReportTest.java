package org.emodu.intervention.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.emodu.intervention.evaluation.BertScore;
import org.emodu.intervention.evaluation.DescriptiveSummary;
import org.emodu.intervention.evaluation.experiment.Compliance;
import org.emodu.intervention.evaluation.experiment.ExperimentSummary;
import org.emodu.intervention.evaluation.experiment.ProfileSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReportTest {

  @TempDir
  Path directory;

  private static ProfileSummary profile(String name, String model, String prompt, double f1, long promptTokens,
      long failed, Map<String, Long> errors) {
    DescriptiveSummary scores = DescriptiveSummary.of(f1 - 0.02, f1, f1 + 0.02);
    return new ProfileSummary(name, name, model, prompt, 4, failed, 0, 1200, errors,
        Optional.of(new BertScore(f1 - 0.01, f1 + 0.01, f1)), scores, scores, scores,
        DescriptiveSummary.of(promptTokens, promptTokens, promptTokens),
        DescriptiveSummary.of(30L, 35L, 40L), DescriptiveSummary.of(promptTokens + 30, promptTokens + 35, promptTokens + 40),
        DescriptiveSummary.of(800L, 900L, 1000L),
        Optional.of(DescriptiveSummary.of((promptTokens * 0.5 + 35 * 1.5) / 1e6)),
        new Compliance(3, 3, 3, 2, 2));
  }

  private static ExperimentSummary summary() {
    return new ExperimentSummary(Instant.parse("2026-11-27T10:00:00Z"), "0.1.0", "eval.jsonl",
        "0123456789abcdef0123456789abcdef", 2, 2, 16, "all-MiniLM-L6-v2-int8_L6_no-idf_version=intervensi-0.1.0",
        Optional.of("every model: 0.5 prompt, 1.5 completion"),
        List.of(
            profile("base", "gpt-3.5-turbo", "Kamu pendamping <belajar> & teman", 0.7123, 426, 1,
                Map.of("API key rejected by api.openai.com (HTTP 401)", 1L)),
            profile("finetuned", "ft:gpt-3.5-turbo:org::abc", "Motivasi santai, emoji, ≤25 kata.", 0.7788, 59, 0, Map.of())));
  }

  private static Path metrics(Path directory) throws Exception {
    return Files.writeString(directory.resolve("metrics.csv"),
        "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n1,2.5,0.4,,\n2,2.0,0.5,2.2,0.45\n3,1.5,0.6,,\n");
  }

  @Test
  void theHtmlHoldsEveryTableAndChartAndTheFiguresOfTheSummary() throws Exception {
    Path html = directory.resolve("report.html");

    ExperimentReport.Written written = new ExperimentReport(summary(), Optional.of(TrainingCurve.read(metrics(directory))))
        .write(html, directory.resolve("report-charts"), false);

    String page = Files.readString(html);
    assertThat(page).startsWith("<!DOCTYPE html>").contains("<title>Affective interventions: base vs finetuned</title>");
    for (String heading : List.of("Setup", "Results", "Charts", "Descriptive statistics", "Compliance with the output rules",
        "Failures", "Fine-tuning")) {
      assertThat(page).contains("<h2>" + heading + "</h2>");
    }
    assertThat(page).contains("<h3>base</h3>").contains("<h3>finetuned</h3>");
    // setup, profiles, headline, saving, two statistics tables, compliance, failures, fine-tuning
    assertThat(count(page, "<table>")).isEqualTo(9);
    assertThat(page).contains("0.7123").contains("0.7788").contains("426.0").contains("59.0")
        .contains("66.7%").contains("API key rejected by api.openai.com (HTTP 401)")
        .contains("Kamu pendamping &lt;belajar&gt; &amp; teman").doesNotContain("<belajar>");
    assertThat(page).contains("<td>prompt tokens</td><td class=\"n\">426.0</td><td class=\"n\">59.0</td>"
        + "<td class=\"n\">367.0</td><td class=\"n\">86.2%</td>");
    Matcher images = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(page);
    int charts = 0;
    while (images.find()) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(images.group(1))));
      assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
      assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
      charts++;
    }
    // the metrics carry accuracy, so an accuracy chart follows the loss chart
    assertThat(charts).isEqualTo(4);
    assertThat(written.charts()).extracting(chart -> chart.png().getFileName().toString())
        .containsExactly("bertscore.png", "tokens.png", "loss.png", "accuracy.png");
  }

  @Test
  void theMarkdownTwinLinksTheChartFiles() throws Exception {
    Path html = directory.resolve("out/report.html");

    ExperimentReport.Written written = new ExperimentReport(summary(), Optional.empty())
        .write(html, directory.resolve("out/report-charts"), false);

    String markdown = Files.readString(written.markdown());
    assertThat(written.markdown()).isEqualTo(directory.resolve("out/report.md"));
    assertThat(markdown).contains("![BERTScore per profile (mean)](report-charts/bertscore.png)")
        .contains("(report-charts/tokens.svg)").doesNotContain("loss.png").contains("## Compliance with the output rules")
        .contains("| base | 3 | 3 (100.0%) | 3 (100.0%) | 2 (66.7%) | 2 (66.7%) |");
    assertThat(directory.resolve("out/report-charts/bertscore.svg")).exists();
  }

  @Test
  void anExistingReportNeedsForce() throws Exception {
    Path html = Files.writeString(directory.resolve("report.html"), "old");

    assertThatThrownBy(() -> new ExperimentReport(summary(), Optional.empty()).write(html, directory.resolve("c"), false))
        .hasMessageContaining("already exists: " + html);
    assertThat(html).hasContent("old");
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }
}
