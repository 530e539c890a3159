package org.emodu.intervention.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.emodu.intervention.evaluation.BertScore;
import org.emodu.intervention.evaluation.Bootstrap;
import org.emodu.intervention.evaluation.DescriptiveSummary;
import org.emodu.intervention.evaluation.TokenPrices;
import org.emodu.intervention.evaluation.experiment.Compliance;
import org.emodu.intervention.evaluation.experiment.ExperimentSummary;
import org.emodu.intervention.evaluation.experiment.ProfileSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportStatisticsTest {

  @TempDir
  Path directory;

  /** Eight requests asked twice; the fine-tuned profile scores 0.05 higher on each and spends far fewer tokens. */
  private static ProfileSummary profile(String name, String model, double f1, long prompt, TokenPrices prices) {
    List<ProfileSummary.Answer> answers = new ArrayList<>();
    for (int item = 0; item < 8; item++) {
      for (int repetition = 1; repetition <= 2; repetition++) {
        double score = f1 + 0.01 * item + 0.002 * repetition;
        long completion = 30 + item;
        TokenPrices p = prices;
        answers.add(new ProfileSummary.Answer("e" + item, repetition, score - 0.01, score + 0.01, score, prompt,
            completion, prompt + completion, Optional.of((prompt * p.inputPerMillion() + completion * p.outputPerMillion()) / 1e6)));
      }
    }
    DescriptiveSummary scores = DescriptiveSummary.of(answers.stream().map(ProfileSummary.Answer::f1).toList());
    DescriptiveSummary tokens = DescriptiveSummary.of(answers.stream().map(ProfileSummary.Answer::totalTokens).toList());
    return new ProfileSummary(name, name, model, "prompt", 16, 0, 0, 1000, Map.of(),
        Optional.of(new BertScore(scores.mean() - 0.01, scores.mean() + 0.01, scores.mean())), scores, scores, scores,
        DescriptiveSummary.of(answers.stream().map(ProfileSummary.Answer::promptTokens).toList()),
        DescriptiveSummary.of(answers.stream().map(ProfileSummary.Answer::completionTokens).toList()), tokens,
        DescriptiveSummary.of(800L, 900L), Optional.of(DescriptiveSummary.of(answers.stream()
            .map(answer -> answer.costUsd().orElseThrow()).toList())),
        new Compliance(16, 16, 16, 16, 16), Optional.of(prices), answers);
  }

  private static ExperimentSummary summary() {
    return new ExperimentSummary(Instant.parse("2026-12-01T10:00:00Z"), "0.1.0", "eval.jsonl",
        "0123456789abcdef0123456789abcdef", 8, 2, 4, "hash", Optional.of("OpenAI's price list as of 2026-12-02"),
        List.of(profile("base", "gpt-3.5-turbo", 0.70, 426, new TokenPrices(0.50, 1.50)),
            profile("finetuned", "ft:gpt-3.5-turbo:org::abc", 0.75, 59, new TokenPrices(3.00, 6.00))));
  }

  @Test
  void theReportShowsIntervalsThePairedTestAndTheDistributions() throws Exception {
    Path html = directory.resolve("report.html");

    ExperimentReport.Written written = new ExperimentReport(summary(), Optional.empty()).write(html,
        directory.resolve("report-charts"), false);

    String page = Files.readString(html);
    assertThat(page).contains("<h2>Intervals and paired comparison</h2>")
        .contains("95% confidence interval").contains("10,000 resamples, seed 42")
        .contains("<h3>finetuned against base, request by request</h3>")
        .contains("Wilcoxon signed-rank test");
    // eight requests, every one higher by 0.05 in F1: W+ = 36, W- = 0, exact p = 2 / 2^8, r = 1
    assertThat(page).contains("<td>BERTScore F1</td><td class=\"n\">8</td><td class=\"n\">0.0500</td>")
        .contains("<td class=\"n\">36.0</td><td class=\"n\">0.0</td><td class=\"n\">0.008</td><td class=\"n\">1.000</td><td>exact</td>");
    // the fine-tuned model's dearer tokens: it costs more per request although it spends fewer
    assertThat(page).contains("<td>3.00</td>".replace("<td>", "<td class=\"n\">")).contains("ft:gpt-3.5-turbo:org::abc");
    assertThat(written.charts()).extracting(chart -> chart.png().getFileName().toString())
        .containsExactly("bertscore.png", "bertscore-distribution.png", "tokens.png", "tokens-distribution.png");
    for (ChartFiles chart : written.charts()) {
      assertThat(chart.pdf()).exists();
      assertThat(chart.svg()).exists();
    }
    String csv = Files.readString(written.statistics().orElseThrow());
    assertThat(csv).startsWith("kind,profile,against,metric,n,estimate,ci_lower,ci_upper")
        .contains("paired_difference,finetuned,base,BERTScore F1,8,");
    assertThat(Files.readString(written.markdown())).contains("[PDF](report-charts/bertscore.pdf)");
  }

  @Test
  void theSameSeedWritesTheSameIntervals() throws Exception {
    ExperimentReport.Options options = new ExperimentReport.Options(ReportLanguage.ENGLISH, 0.6,
        Bootstrap.of(500, 7, 0.95), 72);

    Path first = new ExperimentReport(summary(), Optional.empty(), options)
        .write(directory.resolve("a/report.html"), directory.resolve("a/c"), false).statistics().orElseThrow();
    Path second = new ExperimentReport(summary(), Optional.empty(), options)
        .write(directory.resolve("b/report.html"), directory.resolve("b/c"), false).statistics().orElseThrow();

    assertThat(Files.readString(second)).isEqualTo(Files.readString(first)).contains(",500,7,");
  }

  @Test
  void inIndonesianTheHeadingsAndLabelsReadIndonesian() throws Exception {
    ExperimentReport.Options options = new ExperimentReport.Options(ReportLanguage.INDONESIAN, 0.6,
        Bootstrap.of(500, 42, 0.95), 72);
    Path html = directory.resolve("laporan.html");

    ExperimentReport.Written written = new ExperimentReport(summary(), Optional.empty(), options)
        .write(html, directory.resolve("laporan-charts"), false);

    String page = Files.readString(html);
    assertThat(page).contains("<html lang=\"id\">").contains("<h2>Rancangan percobaan</h2>").contains("<h2>Hasil</h2>")
        .contains("<h2>Selang kepercayaan dan uji berpasangan</h2>").contains("<h2>Statistik deskriptif</h2>")
        .contains("<h3>Profil dasar (base)</h3>").contains("<h3>Profil fine-tuned (finetuned)</h3>")
        .contains("Profil fine-tuned terhadap profil dasar, per permintaan").contains("selang kepercayaan 95%")
        .contains("rerata").contains("Uji peringkat bertanda Wilcoxon").contains("<h2>Kepatuhan pada aturan keluaran</h2>");
    assertThat(written.charts().get(0).title()).isEqualTo("BERTScore per profil (rerata, selang kepercayaan 95%)");
    // The tables' columns and rows read Indonesian too, not only the headings.
    assertThat(page).contains("<th>pengaturan</th>", "<td>set evaluasi</td>", "<th>paling banyak 25 kata</th>",
        "<th>menyebut nama siswa</th>", "<th>simpangan baku</th>", "<td>token prompt</td>", "<td>pengulangan</td>")
        .doesNotContain("within 25 words", "names the student", "<th>setting</th>", "<td>repetitions</td>",
            "<td>prompt tokens</td>", "generations per profile");
  }

  @Test
  void anUnknownLanguageNamesTheAcceptedOnes() {
    assertThat(ReportLanguage.of("ID")).isEqualTo(ReportLanguage.INDONESIAN);
    assertThatThrownBy(() -> ReportLanguage.of("fr"))
        .hasMessage("the report language 'fr' is not known; use en (English) or id (Indonesian)");
  }
}
