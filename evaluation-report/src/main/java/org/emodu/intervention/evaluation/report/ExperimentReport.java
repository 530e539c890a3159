package org.emodu.intervention.evaluation.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.evaluation.BertScore;
import org.emodu.intervention.evaluation.Bootstrap;
import org.emodu.intervention.evaluation.ConfidenceInterval;
import org.emodu.intervention.evaluation.PairedComparison;
import org.emodu.intervention.evaluation.DescriptiveSummary;
import org.emodu.intervention.evaluation.experiment.Compliance;
import org.emodu.intervention.evaluation.experiment.ExperimentSummary;
import org.emodu.intervention.evaluation.experiment.ProfileSummary;

/**
 * The experiment's report: one self-contained HTML file (charts embedded) and its Markdown twin
 * (charts beside it as PNG and SVG). Setup, the headline comparison, the charts, descriptive
 * statistics per profile, compliance with the output rules, the fine-tuned profile's token saving
 * against the base profile, failures and, when a fine-tuning metrics file is given, the loss curve.
 */
public final class ExperimentReport {

  private final ExperimentSummary summary;
  private final Optional<TrainingCurve> training;
  private final Options options;
  private final ReportLanguage language;

  /**
   * How a report is drawn.
   *
   * @param language the language of headings, captions and chart labels
   * @param smoothing the weight of the loss and accuracy curves' bias-corrected moving average, in
   *     [0, 1); 0 draws them unsmoothed
   * @param bootstrap the resamples and seed of the confidence intervals
   * @param dpi the resolution of the PNG chart files
   */
  public record Options(ReportLanguage language, double smoothing, Bootstrap bootstrap, int dpi) {

    public Options {
      Objects.requireNonNull(language, "language");
      Objects.requireNonNull(bootstrap, "bootstrap");
      if (!(smoothing >= 0 && smoothing < 1)) {
        throw new IllegalArgumentException("the smoothing weight must be in [0, 1), got " + smoothing);
      }
      new ChartStyle(language, dpi);
    }

    /** English, smoothing 0.6, 10,000 resamples from seed 42, 300 dpi. */
    public static Options defaults() {
      return new Options(ReportLanguage.ENGLISH, TrainingCurve.DEFAULT_SMOOTHING, Bootstrap.withDefaults(),
          ChartStyle.PRINT_DPI);
    }
  }

  /** A report drawn with {@link Options#defaults()}. */
  public ExperimentReport(ExperimentSummary summary, Optional<TrainingCurve> training) {
    this(summary, training, Options.defaults());
  }

  public ExperimentReport(ExperimentSummary summary, Optional<TrainingCurve> training, Options options) {
    this.summary = Objects.requireNonNull(summary, "summary");
    this.training = Objects.requireNonNull(training, "training");
    this.options = Objects.requireNonNull(options, "options");
    this.language = options.language();
  }

  /** What {@link #write} wrote. */
  public record Written(Path html, Path markdown, Optional<Path> statistics, List<ChartFiles> charts) {}

  /**
   * Draws the charts into {@code chartDirectory} and writes {@code html} and, beside it, the
   * Markdown twin (same name, {@code .md}).
   *
   * @param force whether existing report files may be replaced
   */
  public Written write(Path html, Path chartDirectory, boolean force) {
    Path markdown = html.resolveSibling(stem(html.getFileName().toString()) + ".md");
    Path csv = html.resolveSibling(stem(html.getFileName().toString()) + "-statistics.csv");
    OutputFiles.checkWritable(html, force);
    OutputFiles.checkWritable(markdown, force);
    Inference inference = Inference.of(summary, options.bootstrap());
    if (inference.any()) {
      OutputFiles.checkWritable(csv, force);
    }
    List<ChartFiles> charts = charts(chartDirectory, inference);
    Document document = document(charts, inference);
    OutputFiles.write(html, force, writer -> writer.write(document.html(language.code())));
    OutputFiles.write(markdown, force, writer -> writer.write(document.markdown(markdown.toAbsolutePath().getParent())));
    if (inference.any()) {
      OutputFiles.write(csv, force, writer -> writer.write(inference.csv()));
    }
    return new Written(html, markdown, inference.any() ? Optional.of(csv) : Optional.empty(), charts);
  }

  private List<ChartFiles> charts(Path directory, Inference inference) {
    ChartStyle style = new ChartStyle(language, options.dpi());
    List<ChartFiles> charts = new ArrayList<>();
    if (inference.any()) {
      inferenceCharts(directory, inference, style, charts);
      return charts;
    }
    Map<String, List<Double>> scores = new LinkedHashMap<>();
    Map<String, List<Double>> tokens = new LinkedHashMap<>();
    for (ProfileSummary profile : summary.profiles()) {
      profile.bertScoreMean().ifPresent(mean -> scores.put(profile.profile(),
          List.of(mean.precision(), mean.recall(), mean.f1())));
      if (profile.succeeded() > 0 && profile.totalTokens().max() > 0) {
        tokens.put(profile.profile(), List.of(profile.promptTokens().mean(), profile.completionTokens().mean(),
            profile.totalTokens().mean()));
      }
    }
    if (!scores.isEmpty()) {
      charts.add(Charts.bars(language.pick("BERTScore per profile (mean)", "BERTScore per profil (rerata)"),
          language.pick("score", "skor"), scoreNames(), scores, 1.0, "0.000", style, directory, "bertscore"));
    }
    // The offline profile spends no tokens; a chart of zeros only says what the table says better.
    if (!tokens.isEmpty()) {
      charts.add(Charts.bars(language.pick("Tokens per request (mean)", "Token per permintaan (rerata)"),
          language.pick("tokens", "token"), tokenNames(), tokens, null, "#,##0.#", style, directory, "tokens"));
    }
    trainingCharts(directory, style, charts);
    return charts;
  }

  private void inferenceCharts(Path directory, Inference inference, ChartStyle style, List<ChartFiles> charts) {
    Map<String, List<ConfidenceInterval>> scores = new LinkedHashMap<>();
    Map<String, List<ConfidenceInterval>> tokens = new LinkedHashMap<>();
    Map<String, double[]> f1 = new LinkedHashMap<>();
    Map<String, double[]> total = new LinkedHashMap<>();
    for (Inference.ProfileIntervals profile : inference.profiles()) {
      String name = language.profile(profile.profile());
      if (profile.answers() > 0) {
        scores.put(name, List.of(profile.precision(), profile.recall(), profile.f1()));
        f1.put(name, profile.f1Values());
      }
      if (profile.answers() > 0 && profile.totalTokens().upper() > 0) {
        tokens.put(name, List.of(profile.promptTokens(), profile.completionTokens(), profile.totalTokens()));
        total.put(name, profile.totalTokenValues());
      }
    }
    String interval = ciLabel();
    if (!scores.isEmpty()) {
      charts.add(Charts.intervals(language.pick("BERTScore per profile (mean, " + interval + ")",
              "BERTScore per profil (rerata, " + interval + ")"), language.pick("score (0 to 1)", "skor (0 sampai 1)"),
          scoreNames(), scores, 0, 1.0, "0.0", style, directory, "bertscore"));
      charts.add(Charts.boxes(language.pick("BERTScore F1 per answer", "BERTScore F1 per jawaban"),
          language.pick("F1 (0 to 1)", "F1 (0 sampai 1)"), f1, 0.0, 1.0, "0.0", style, directory,
          "bertscore-distribution"));
    }
    if (!tokens.isEmpty()) {
      charts.add(Charts.intervals(language.pick("Tokens per request (mean, " + interval + ")",
              "Token per permintaan (rerata, " + interval + ")"), language.pick("tokens", "token"), tokenNames(),
          tokens, 0, null, "#,##0", style, directory, "tokens"));
      charts.add(Charts.boxes(language.pick("Total tokens per answer", "Total token per jawaban"),
          language.pick("tokens", "token"), total, 0.0, null, "#,##0", style, directory, "tokens-distribution"));
    }
    trainingCharts(directory, style, charts);
  }

  private void trainingCharts(Path directory, ChartStyle style, List<ChartFiles> charts) {
    training.ifPresent(curve -> {
      charts.add(Charts.lossCurve(curve, options.smoothing(), style, directory, "loss"));
      if (curve.hasAccuracy()) {
        charts.add(Charts.accuracyCurve(curve, options.smoothing(), style, directory, "accuracy"));
      }
    });
  }

  private List<String> scoreNames() {
    return List.of(language.pick("precision", "presisi"), language.pick("recall", "recall"), "F1");
  }

  private List<String> tokenNames() {
    return List.of(language.pick("prompt", "prompt"), language.pick("completion", "jawaban"),
        language.pick("total", "total"));
  }

  private String ciLabel() {
    String level = String.format(Locale.ROOT, "%.0f%%", options.bootstrap().level() * 100);
    return language.pick(level + " confidence interval", "selang kepercayaan " + level);
  }

  private Document document(List<ChartFiles> charts, Inference inference) {
    Document doc = new Document(language.pick("Affective interventions: ", "Intervensi afektif: ")
        + String.join(" vs ", profileNames()));
    doc.paragraph(language.pick("Every profile answered the same " + summary.items() + " requests " + summary.repeat()
        + (summary.repeat() == 1 ? " time" : " times") + "; answers were scored with BERTScore against the"
        + " evaluation set's references and summarised by token usage and by the output rules an intervention"
        + " must keep (at most 25 words, an emoji, the student named).",
        "Setiap profil menjawab " + summary.items() + " permintaan yang sama sebanyak " + summary.repeat()
        + " kali; jawaban dinilai dengan BERTScore terhadap rujukan pada set evaluasi, lalu diringkas menurut"
        + " pemakaian token dan aturan keluaran yang wajib dipenuhi intervensi (paling banyak 25 kata, ada emoji,"
        + " menyebut nama siswa)."));

    doc.heading(language.pick("Setup", "Rancangan percobaan"));
    Table setup = new Table(List.of(language.pick("setting", "pengaturan"), language.pick("value", "nilai")));
    setup.row(language.pick("evaluation set", "set evaluasi"), summary.evaluationSet() + " (" + summary.items()
        + language.pick(" requests, sha256 ", " permintaan, sha256 ")
        + summary.evaluationSetSha256().substring(0, 12) + "…)");
    setup.row(language.pick("repetitions", "pengulangan"), Integer.toString(summary.repeat()));
    setup.row(language.pick("generations per profile", "jawaban per profil"), Integer.toString(summary.items() * summary.repeat()));
    setup.row(language.pick("concurrency", "permintaan serentak"), Integer.toString(summary.concurrency()));
    setup.row("BERTScore", summary.bertScoreHash());
    setup.row(language.pick("prices (USD per million tokens)", "harga (USD per sejuta token)"),
        summary.prices().orElse(language.pick("none given", "tidak diberikan")));
    setup.row(language.pick("finished", "selesai"), summary.finishedAt().toString());
    setup.row(language.pick("toolkit", "perangkat"), "intervensi " + summary.toolkitVersion());
    doc.table(setup);
    Table models = new Table(List.of(language.pick("profile", "profil"), "generator", "model",
        language.pick("system prompt", "prompt sistem"), language.pick("generations", "jawaban"),
        language.pick("asked in this run", "diminta pada run ini"), language.pick("wall time (s)", "waktu (detik)")));
    for (ProfileSummary profile : summary.profiles()) {
      models.row(profile.profile(), profile.generator(), profile.model(),
          profile.systemPrompt().isEmpty() ? language.pick("(none: offline)", "(tidak ada: luring)")
              : words(profile.systemPrompt()) + language.pick(" words", " kata"),
          Long.toString(profile.generations()), Long.toString(profile.generations() - profile.resumed()),
          decimal(profile.generationWallMs() / 1000.0, 2));
    }
    doc.table(models);
    if (summary.profiles().stream().anyMatch(profile -> profile.prices().isPresent())) {
      Table prices = new Table(List.of(language.pick("profile", "profil"), language.pick("model", "model"),
          language.pick("input (USD per million tokens)", "input (USD per sejuta token)"),
          language.pick("output (USD per million tokens)", "output (USD per sejuta token)")));
      for (ProfileSummary profile : summary.profiles()) {
        profile.prices().ifPresent(price -> prices.row(profile.profile(), profile.model(),
            decimal(price.inputPerMillion(), 2), decimal(price.outputPerMillion(), 2)));
      }
      doc.table(prices);
      doc.paragraph(language.pick("Each profile's cost uses the prices of its own model, as listed; a fine-tuned"
          + " model's tokens cost more than its base model's. Where the prices came from is in the setup above.",
          "Biaya tiap profil memakai harga modelnya sendiri seperti tercantum; token model fine-tuned lebih mahal"
          + " daripada token model dasarnya. Sumber harga tercantum pada rancangan percobaan di atas."));
    }
    for (ProfileSummary profile : summary.profiles()) {
      if (!profile.systemPrompt().isEmpty()) {
        doc.details(language.pick("System prompt of ", "Prompt sistem ") + profile.profile(), profile.systemPrompt());
      }
    }

    doc.heading(language.pick("Results", "Hasil"));
    Table headline = new Table(List.of(language.pick("profile", "profil"), language.pick("answers", "jawaban"),
        language.pick("failed", "gagal"), "P", "R", "F1", language.pick("prompt tokens", "token prompt"),
        language.pick("completion tokens", "token jawaban"), language.pick("total tokens", "total token"),
        language.pick("within 25 words", "paling banyak 25 kata"), language.pick("with emoji", "ada emoji"),
        language.pick("names student", "menyebut nama"), language.pick("latency ms", "latensi ms")));
    for (ProfileSummary profile : summary.profiles()) {
      Optional<BertScore> mean = profile.bertScoreMean();
      Compliance compliance = profile.compliance();
      headline.row(profile.profile(), Long.toString(profile.succeeded()), Long.toString(profile.failed()),
          mean.map(score -> decimal(score.precision(), 4)).orElse("–"),
          mean.map(score -> decimal(score.recall(), 4)).orElse("–"),
          mean.map(score -> decimal(score.f1(), 4)).orElse("–"),
          decimal(profile.promptTokens().mean(), 1), decimal(profile.completionTokens().mean(), 1),
          decimal(profile.totalTokens().mean(), 1), percent(compliance.withinWordLimitShare()),
          percent(compliance.withEmojiShare()), percent(compliance.namingStudentShare()),
          decimal(profile.latencyMs().median(), 0));
    }
    doc.table(headline);
    doc.paragraph(language.pick("P, R and F1 are mean BERTScore precision, recall and F1; token figures are means per answer;"
        + " latency is the median.", "P, R, dan F1 adalah rerata presisi, recall, dan F1 BERTScore; angka token adalah rerata"
        + " per jawaban; latensi adalah mediannya."));
    saving().ifPresent(doc::table);

    if (inference.any()) {
      intervals(doc, inference);
    }

    doc.heading(language.pick("Charts", "Grafik"));
    for (ChartFiles chart : charts) {
      doc.chart(chart);
    }

    doc.heading(language.pick("Descriptive statistics", "Statistik deskriptif"));
    for (ProfileSummary profile : summary.profiles()) {
      doc.subheading(language == ReportLanguage.ENGLISH ? profile.profile()
          : language.profile(profile.profile()) + " (" + profile.profile() + ")");
      List<String> columns = new ArrayList<>(List.of(language.pick("metric", "metrik")));
      columns.addAll(List.of(language.pick("count", "jumlah"), language.pick("mean", "rerata"),
          language.pick("std", "simpangan baku"), "min", "25%", "50%", "75%", language.pick("max", "maks")));
      Table table = new Table(columns);
      for (Map.Entry<String, DescriptiveSummary> row : profile.statisticsRows()) {
        DescriptiveSummary stats = row.getValue();
        int digits = row.getKey().startsWith("BERTScore") ? 4 : row.getKey().startsWith("cost") ? 6 : 2;
        table.row(metric(row.getKey()), Long.toString(stats.count()), decimal(stats.mean(), digits),
            decimal(stats.standardDeviation(), digits), decimal(stats.min(), digits),
            decimal(stats.firstQuartile(), digits), decimal(stats.median(), digits),
            decimal(stats.thirdQuartile(), digits), decimal(stats.max(), digits));
      }
      doc.table(table);
    }

    doc.heading(language.pick("Compliance with the output rules", "Kepatuhan pada aturan keluaran"));
    Table compliance = new Table(List.of(language.pick("profile", "profil"), language.pick("answers", "jawaban"),
        language.pick("within 25 words", "paling banyak 25 kata"), language.pick("with emoji", "ada emoji"),
        language.pick("names the student", "menyebut nama siswa"), language.pick("all three", "ketiganya")));
    for (ProfileSummary profile : summary.profiles()) {
      Compliance c = profile.compliance();
      compliance.row(profile.profile(), Long.toString(c.answers()),
          c.withinWordLimit() + " (" + percent(c.withinWordLimitShare()) + ")",
          c.withEmoji() + " (" + percent(c.withEmojiShare()) + ")",
          c.namingStudent() + " (" + percent(c.namingStudentShare()) + ")",
          c.meetingAll() + " (" + percent(c.meetingAllShare()) + ")");
    }
    doc.table(compliance);

    doc.heading(language.pick("Failures", "Kegagalan"));
    boolean anyFailure = false;
    for (ProfileSummary profile : summary.profiles()) {
      if (profile.failed() == 0) {
        continue;
      }
      anyFailure = true;
      Table failures = new Table(List.of(language.pick("count", "jumlah"),
          language.pick("error (", "galat (") + profile.profile() + ")"));
      profile.errors().entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(entry -> failures.row(Long.toString(entry.getValue()), entry.getKey()));
      doc.table(failures);
    }
    if (!anyFailure) {
      doc.paragraph(language.pick("No generation failed.", "Tidak ada pembangkitan yang gagal."));
    }

    training.ifPresent(curve -> {
      doc.heading("Fine-tuning");
      doc.paragraph(language.pick("The loss and accuracy curves are drawn raw (faint) and "
          + Charts.smoothingLabel(language, options.smoothing()) + "; the bias-corrected moving average starts at the"
          + " first value and does not drag the early steps towards a starting guess.",
          "Kurva loss dan akurasi digambar mentah (samar) dan " + Charts.smoothingLabel(language, options.smoothing())
          + "; rerata bergerak terkoreksi bias dimulai dari nilai pertama sehingga langkah-langkah awal tidak"
          + " tertarik ke nilai tebakan awal."));
      Table loss = new Table(List.of(language.pick("figure", "besaran"), language.pick("value", "nilai")));
      TrainingCurve.Point last = curve.trainingLoss().get(curve.trainingLoss().size() - 1);
      loss.row(language.pick("steps", "langkah"), decimal(last.step(), 0));
      loss.row(language.pick("final training loss", "loss pelatihan akhir"), decimal(last.value(), 4));
      curve.validationLoss().stream().min(java.util.Comparator.comparingDouble(TrainingCurve.Point::value))
          .ifPresent(best -> loss.row(language.pick("best validation loss", "loss validasi terbaik"), decimal(best.value(), 4)
              + language.pick(" (step ", " (langkah ")
              + decimal(best.step(), 0) + ")"));
      if (!curve.validationLoss().isEmpty()) {
        TrainingCurve.Point lastValid = curve.validationLoss().get(curve.validationLoss().size() - 1);
        loss.row(language.pick("final validation loss", "loss validasi akhir"), decimal(lastValid.value(), 4));
      }
      doc.table(loss);
    });
    return doc;
  }

  private void intervals(Document doc, Inference inference) {
    String ci = ciLabel();
    doc.heading(language.pick("Intervals and paired comparison", "Selang kepercayaan dan uji berpasangan"));
    Bootstrap bootstrap = options.bootstrap();
    doc.paragraph(language.pick("Means with their " + ci + " (percentile bootstrap, "
        + String.format(Locale.ROOT, "%,d", bootstrap.resamples()) + " resamples, seed " + bootstrap.seed()
        + "; the repetitions of a request are resampled together, as they are not independent).",
        "Rerata dengan " + ci + " (bootstrap persentil, " + String.format(Locale.ROOT, "%,d", bootstrap.resamples())
        + " kali pengambilan ulang, seed " + bootstrap.seed() + "; pengulangan satu permintaan diambil ulang bersama"
        + " karena tidak saling bebas)."));
    Table means = new Table(List.of(language.pick("profile", "profil"), language.pick("metric", "metrik"),
        language.pick("answers", "jawaban"), language.pick("requests", "permintaan"), language.pick("mean", "rerata"),
        ci));
    for (Inference.ProfileIntervals profile : inference.profiles()) {
      for (Map.Entry<String, ConfidenceInterval> row : profile.rows().entrySet()) {
        int digits = row.getKey().startsWith("BERTScore") ? 4 : row.getKey().startsWith("cost") ? 6 : 1;
        ConfidenceInterval interval = row.getValue();
        means.row(profile.profile(), metric(row.getKey()), Integer.toString(profile.answers()),
            Integer.toString(profile.requests()), decimal(interval.estimate(), digits),
            "[" + decimal(interval.lower(), digits) + ", " + decimal(interval.upper(), digits) + "]");
      }
    }
    doc.table(means);
    for (Inference.Pairing pairing : inference.pairings()) {
      doc.subheading(language.pick(pairing.second() + " against " + pairing.first() + ", request by request",
          language.profile(pairing.second()) + " terhadap " + language.profile(pairing.first()).toLowerCase(Locale.ROOT)
              + ", per permintaan"));
      doc.paragraph(language.pick("Each request's answers are averaged per profile; the difference is "
          + pairing.second() + " minus " + pairing.first() + ". Wilcoxon signed-rank test, two-sided, pairs without a"
          + " difference left out; r is the matched-pairs rank-biserial correlation (from -1 to 1: the share of"
          + " pairs favouring one side minus the other, by rank).",
          "Jawaban tiap permintaan dirata-ratakan per profil; selisihnya adalah " + pairing.second() + " dikurangi "
          + pairing.first() + ". Uji peringkat bertanda Wilcoxon dua sisi, pasangan tanpa selisih tidak diikutkan;"
          + " r adalah korelasi rank-biserial berpasangan (dari -1 sampai 1)."));
      Table paired = new Table(List.of(language.pick("metric", "metrik"), language.pick("pairs", "pasangan"),
          language.pick("mean difference", "rerata selisih"), ci, language.pick("median difference", "median selisih"),
          "W+", "W-", "p", "r", language.pick("p from", "p dihitung")));
      for (Map.Entry<String, PairedComparison> row : pairing.comparisons().entrySet()) {
        PairedComparison c = row.getValue();
        int digits = row.getKey().startsWith("BERTScore") ? 4 : row.getKey().startsWith("cost") ? 6 : 1;
        paired.row(metric(row.getKey()), c.pairs() + (c.zeros() > 0 ? " (" + c.zeros() + " " + language.pick("equal",
                "sama") + ")" : ""), decimal(c.meanDifference().estimate(), digits),
            "[" + decimal(c.meanDifference().lower(), digits) + ", " + decimal(c.meanDifference().upper(), digits) + "]",
            decimal(c.medianDifference(), digits), decimal(c.positiveRankSum(), 1), decimal(c.negativeRankSum(), 1),
            pValue(c.pValue()), decimal(c.rankBiserial(), 3),
            !c.tested() ? "–" : c.exact() ? language.pick("exact", "eksak")
                : language.pick("normal approximation", "hampiran normal"));
      }
      doc.table(paired);
    }
  }

  private String metric(String key) {
    if (language == ReportLanguage.ENGLISH) {
      return key;
    }
    return switch (key) {
      case "BERTScore precision" -> "BERTScore presisi";
      case "BERTScore recall" -> "BERTScore recall";
      case "BERTScore F1" -> "BERTScore F1";
      case "prompt tokens" -> "token prompt";
      case "completion tokens" -> "token jawaban";
      case "total tokens" -> "total token";
      case "cost (USD)" -> "biaya (USD)";
      case "latency (ms)" -> "latensi (ms)";
      default -> key;
    };
  }

  static String pValue(double p) {
    if (Double.isNaN(p)) {
      return "–";
    }
    return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  /** Fine-tuned against base: tokens and, when priced, dollars saved per request. */
  private Optional<Table> saving() {
    Optional<ProfileSummary> base = summary.profile("base");
    Optional<ProfileSummary> fineTuned = summary.profile("finetuned");
    if (base.isEmpty() || fineTuned.isEmpty() || base.get().succeeded() == 0 || fineTuned.get().succeeded() == 0) {
      return Optional.empty();
    }
    Table table = new Table(List.of(language.pick("per request", "per permintaan"), "base", "finetuned",
        language.pick("saved", "hemat"), language.pick("saved %", "hemat %")));
    savingRow(table, metric("prompt tokens"), base.get().promptTokens().mean(), fineTuned.get().promptTokens().mean(), 1);
    savingRow(table, metric("completion tokens"), base.get().completionTokens().mean(),
        fineTuned.get().completionTokens().mean(), 1);
    savingRow(table, metric("total tokens"), base.get().totalTokens().mean(), fineTuned.get().totalTokens().mean(), 1);
    if (base.get().costUsd().isPresent() && fineTuned.get().costUsd().isPresent()) {
      double baseCost = base.get().costUsd().get().mean();
      double fineCost = fineTuned.get().costUsd().get().mean();
      savingRow(table, metric("cost (USD)"), baseCost, fineCost, 6);
      savingRow(table, language.pick("cost per 1,000 requests (USD)", "biaya per 1.000 permintaan (USD)"), baseCost * 1000, fineCost * 1000, 3);
    }
    return Optional.of(table);
  }

  private static void savingRow(Table table, String name, double base, double fineTuned, int digits) {
    double saved = base - fineTuned;
    table.row(name, decimal(base, digits), decimal(fineTuned, digits), decimal(saved, digits),
        base == 0 ? "–" : percent(saved / base));
  }

  private List<String> profileNames() {
    return summary.profiles().stream().map(ProfileSummary::profile).toList();
  }

  private static int words(String text) {
    return text.isBlank() ? 0 : text.strip().split("\\s+").length;
  }

  static String decimal(double value, int digits) {
    if (Double.isNaN(value)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%,." + digits + "f", value);
  }

  static String percent(double share) {
    return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  private static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  /** A table of text cells. */
  static final class Table {
    final List<String> columns;
    final List<List<String>> rows = new ArrayList<>();

    Table(List<String> columns) {
      this.columns = List.copyOf(columns);
    }

    void row(String... cells) {
      if (cells.length != columns.size()) {
        throw new IllegalArgumentException(cells.length + " cells for " + columns.size() + " columns");
      }
      rows.add(List.of(cells));
    }
  }

  /** The report's content, rendered as HTML or Markdown. */
  private static final class Document {
    private final String title;
    private final List<Object> blocks = new ArrayList<>();

    Document(String title) {
      this.title = title;
    }

    private record Heading(String text, int level) {}

    private record Paragraph(String text) {}

    private record Details(String summary, String text) {}

    void heading(String text) {
      blocks.add(new Heading(text, 2));
    }

    void subheading(String text) {
      blocks.add(new Heading(text, 3));
    }

    void paragraph(String text) {
      blocks.add(new Paragraph(text));
    }

    void details(String summary, String text) {
      blocks.add(new Details(summary, text));
    }

    void table(Table table) {
      blocks.add(table);
    }

    void chart(ChartFiles chart) {
      blocks.add(chart);
    }

    String html(String lang) {
      StringBuilder out = new StringBuilder(1 << 16);
      out.append("<!DOCTYPE html>\n<html lang=\"").append(lang).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .append("<title>").append(escape(title)).append("</title>\n<style>\n")
          .append("body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2em auto;")
          .append("padding:0 1em;color:#222;line-height:1.45}\n")
          .append("table{border-collapse:collapse;margin:1em 0;font-size:.92em}\n")
          .append("th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\n")
          .append("th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
          .append("figure{margin:1.5em 0}img{max-width:100%;height:auto;border:1px solid #eee}\n")
          .append("pre{white-space:pre-wrap;background:#f7f7f7;padding:.8em;border-radius:4px}\n")
          .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
      for (Object block : blocks) {
        if (block instanceof Heading heading) {
          out.append("<h").append(heading.level).append('>').append(escape(heading.text)).append("</h")
              .append(heading.level).append(">\n");
        } else if (block instanceof Paragraph paragraph) {
          out.append("<p>").append(escape(paragraph.text)).append("</p>\n");
        } else if (block instanceof Details details) {
          out.append("<details><summary>").append(escape(details.summary)).append("</summary><pre>")
              .append(escape(details.text)).append("</pre></details>\n");
        } else if (block instanceof Table table) {
          out.append("<table>\n<thead><tr>");
          table.columns.forEach(column -> out.append("<th>").append(escape(column)).append("</th>"));
          out.append("</tr></thead>\n<tbody>\n");
          for (List<String> row : table.rows) {
            out.append("<tr>");
            for (String cell : row) {
              out.append(numeric(cell) ? "<td class=\"n\">" : "<td>").append(escape(cell)).append("</td>");
            }
            out.append("</tr>\n");
          }
          out.append("</tbody>\n</table>\n");
        } else if (block instanceof ChartFiles chart) {
          out.append("<figure><img alt=\"").append(escape(chart.title())).append("\" src=\"data:image/png;base64,")
              .append(Base64.getEncoder().encodeToString(chart.pngBytes())).append("\"><figcaption>")
              .append(escape(chart.title())).append("</figcaption></figure>\n");
        }
      }
      return out.append("</body>\n</html>\n").toString();
    }

    String markdown(Path directory) {
      StringBuilder out = new StringBuilder(1 << 14);
      out.append("# ").append(title).append("\n\n");
      for (Object block : blocks) {
        if (block instanceof Heading heading) {
          out.append("#".repeat(heading.level)).append(' ').append(heading.text).append("\n\n");
        } else if (block instanceof Paragraph paragraph) {
          out.append(paragraph.text).append("\n\n");
        } else if (block instanceof Details details) {
          out.append("<details><summary>").append(details.summary).append("</summary>\n\n```text\n")
              .append(details.text).append("\n```\n\n</details>\n\n");
        } else if (block instanceof Table table) {
          out.append('|');
          table.columns.forEach(column -> out.append(' ').append(cell(column)).append(" |"));
          out.append("\n|");
          table.columns.forEach(column -> out.append("---|"));
          out.append('\n');
          for (List<String> row : table.rows) {
            out.append('|');
            row.forEach(value -> out.append(' ').append(cell(value)).append(" |"));
            out.append('\n');
          }
          out.append('\n');
        } else if (block instanceof ChartFiles chart) {
          String png = relative(directory, chart.png());
          String svg = relative(directory, chart.svg());
          String pdf = relative(directory, chart.pdf());
          out.append("![").append(chart.title()).append("](").append(png).append(")\n\n(")
              .append("[SVG](").append(svg).append("), [PDF](").append(pdf).append("))\n\n");
        }
      }
      return out.toString();
    }

    private static String relative(Path directory, Path file) {
      Path absolute = file.toAbsolutePath();
      return (directory == null ? absolute : directory.relativize(absolute)).toString().replace('\\', '/');
    }

    private static boolean numeric(String cell) {
      return cell.matches("[-+]?[\\d,]+(\\.\\d+)?%?( \\(.*\\))?");
    }

    private static String cell(String text) {
      return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String escape(String text) {
      StringBuilder escaped = new StringBuilder(text.length());
      for (char c : text.toCharArray()) {
        switch (c) {
          case '<' -> escaped.append("&lt;");
          case '>' -> escaped.append("&gt;");
          case '&' -> escaped.append("&amp;");
          case '"' -> escaped.append("&quot;");
          case '\'' -> escaped.append("&#39;");
          default -> escaped.append(c);
        }
      }
      return escaped.toString();
    }
  }
}
