package org.emodu.intervention.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.Progress;
import org.emodu.intervention.core.generation.ExemplarGenerator;
import org.emodu.intervention.core.generation.OutputPolicy;
import org.emodu.intervention.evaluation.Bootstrap;
import org.emodu.intervention.evaluation.OnnxTokenEmbedder;
import org.emodu.intervention.evaluation.experiment.EvaluationItem;
import org.emodu.intervention.evaluation.experiment.EvaluationSet;
import org.emodu.intervention.evaluation.experiment.Experiment;
import org.emodu.intervention.evaluation.experiment.ExperimentSummary;
import org.emodu.intervention.evaluation.experiment.ProfileUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real offline experiment, scored by the embedded model, reported end to end. */
class OfflineExperimentReportTest {

  @TempDir
  Path directory;

  @Test
  void anOfflineExperimentsReportShowsIntervalsThePairedTestDistributionsAndPdfCharts() throws Exception {
    Path evaluationSet = directory.resolve("eval.jsonl");
    List<String> lines = new ArrayList<>();
    String[] emotions = {"bosan", "bingung", "sedih", "senang"};
    for (int i = 0; i < 8; i++) {
      lines.add("{\"id\":\"e" + i + "\",\"username\":\"Budi\",\"emotion\":\"" + emotions[i % 4] + "\","
          + "\"classname\":\"XII-IPA-1\",\"subject\":\"Fisika\","
          + "\"reference\":\"Ayo Budi, semangat belajar Fisika hari ini, kamu pasti bisa! 💪\"}");
    }
    Files.write(evaluationSet, lines);
    List<EvaluationItem> items = EvaluationSet.read(evaluationSet);
    List<ProfileUnderTest> profiles = List.of(
        ProfileUnderTest.of("offline", new ExemplarGenerator(ExemplarCorpus.builtIn(), OutputPolicy.standard(), 1)),
        ProfileUnderTest.of("offline-seed-7", new ExemplarGenerator(ExemplarCorpus.builtIn(), OutputPolicy.standard(), 7)));
    ExperimentSummary summary;
    try (OnnxTokenEmbedder embedder = OnnxTokenEmbedder.embedded()) {
      summary = Experiment.builder(directory.resolve("experiment")).repeat(2).build()
          .run(evaluationSet, items, profiles, embedder, Progress.none());
    }
    Path html = directory.resolve("report.html");

    ExperimentReport.Written written = new ExperimentReport(ExperimentSummary.read(directory.resolve("experiment")),
        Optional.empty(), new ExperimentReport.Options(ReportLanguage.ENGLISH, 0.6, Bootstrap.of(1_000, 42, 0.95), 72))
        .write(html, directory.resolve("report-charts"), false);

    assertThat(summary.profile("offline").orElseThrow().answers()).hasSize(16);
    String page = Files.readString(html);
    assertThat(page).contains("<h2>Intervals and paired comparison</h2>")
        .contains("<h3>offline-seed-7 against offline, request by request</h3>")
        .contains("<td>offline</td><td>BERTScore F1</td><td class=\"n\">16</td><td class=\"n\">8</td>")
        .contains("Wilcoxon signed-rank test");
    assertThat(written.charts()).extracting(chart -> chart.pdf().getFileName().toString())
        .containsExactly("bertscore.pdf", "bertscore-distribution.pdf");
    for (ChartFiles chart : written.charts()) {
      assertThat(new String(Files.readAllBytes(chart.pdf()), 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1))
          .isEqualTo("%PDF-");
    }
    assertThat(Files.readString(written.statistics().orElseThrow()))
        .contains("paired_difference,offline-seed-7,offline,BERTScore F1,8,");
  }
}
