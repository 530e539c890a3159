package org.emodu.intervention.evaluation.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.evaluation.BertScore;
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

  private static final double SMOOTHING = 0.9;

  private final ExperimentSummary summary;
  private final Optional<TrainingCurve> training;

  public ExperimentReport(ExperimentSummary summary, Optional<TrainingCurve> training) {
    this.summary = summary;
    this.training = training;
  }

  /** What {@link #write} wrote. */
  public record Written(Path html, Path markdown, List<ChartFiles> charts) {}

  /**
   * Draws the charts into {@code chartDirectory} and writes {@code html} and, beside it, the
   * Markdown twin (same name, {@code .md}).
   *
   * @param force whether existing report files may be replaced
   */
  public Written write(Path html, Path chartDirectory, boolean force) {
    Path markdown = html.resolveSibling(stem(html.getFileName().toString()) + ".md");
    OutputFiles.checkWritable(html, force);
    OutputFiles.checkWritable(markdown, force);
    List<ChartFiles> charts = charts(chartDirectory);
    Document document = document(charts);
    OutputFiles.write(html, force, writer -> writer.write(document.html()));
    OutputFiles.write(markdown, force, writer -> writer.write(document.markdown(markdown.toAbsolutePath().getParent())));
    return new Written(html, markdown, charts);
  }

  private List<ChartFiles> charts(Path directory) {
    List<ChartFiles> charts = new ArrayList<>();
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
      charts.add(Charts.bars("BERTScore per profile (mean)", "score", List.of("precision", "recall", "F1"), scores,
          null, "0.000", directory, "bertscore"));
    }
    // The offline profile spends no tokens; a chart of zeros only says what the table says better.
    if (!tokens.isEmpty()) {
      charts.add(Charts.bars("Tokens per request (mean)", "tokens", List.of("prompt", "completion", "total"), tokens,
          null, "#,##0.#", directory, "tokens"));
    }
    training.ifPresent(curve -> charts.add(Charts.lossCurve(curve, SMOOTHING, directory, "loss")));
    return charts;
  }

  private Document document(List<ChartFiles> charts) {
    Document doc = new Document("Affective interventions: " + String.join(" vs ", profileNames()));
    doc.paragraph("Every profile answered the same " + summary.items() + " requests " + summary.repeat()
        + (summary.repeat() == 1 ? " time" : " times") + "; answers were scored with BERTScore against the"
        + " evaluation set's references and summarised by token usage and by the output rules an intervention"
        + " must keep (at most 25 words, an emoji, the student named).");

    doc.heading("Setup");
    Table setup = new Table(List.of("setting", "value"));
    setup.row("evaluation set", summary.evaluationSet() + " (" + summary.items() + " requests, sha256 "
        + summary.evaluationSetSha256().substring(0, 12) + "…)");
    setup.row("repetitions", Integer.toString(summary.repeat()));
    setup.row("generations per profile", Integer.toString(summary.items() * summary.repeat()));
    setup.row("concurrency", Integer.toString(summary.concurrency()));
    setup.row("BERTScore", summary.bertScoreHash());
    setup.row("prices (USD per million tokens)", summary.prices().orElse("none given"));
    setup.row("finished", summary.finishedAt().toString());
    setup.row("toolkit", "intervensi " + summary.toolkitVersion());
    doc.table(setup);
    Table models = new Table(List.of("profile", "generator", "model", "system prompt", "generations",
        "asked in this run", "wall time (s)"));
    for (ProfileSummary profile : summary.profiles()) {
      models.row(profile.profile(), profile.generator(), profile.model(),
          profile.systemPrompt().isEmpty() ? "(none: offline)" : words(profile.systemPrompt()) + " words",
          Long.toString(profile.generations()), Long.toString(profile.generations() - profile.resumed()),
          decimal(profile.generationWallMs() / 1000.0, 2));
    }
    doc.table(models);
    for (ProfileSummary profile : summary.profiles()) {
      if (!profile.systemPrompt().isEmpty()) {
        doc.details("System prompt of " + profile.profile(), profile.systemPrompt());
      }
    }

    doc.heading("Results");
    Table headline = new Table(List.of("profile", "answers", "failed", "P", "R", "F1", "prompt tokens",
        "completion tokens", "total tokens", "within 25 words", "with emoji", "names student", "latency ms"));
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
    doc.paragraph("P, R and F1 are mean BERTScore precision, recall and F1; token figures are means per answer;"
        + " latency is the median.");
    saving().ifPresent(doc::table);

    doc.heading("Charts");
    for (ChartFiles chart : charts) {
      doc.chart(chart);
    }

    doc.heading("Descriptive statistics");
    for (ProfileSummary profile : summary.profiles()) {
      doc.subheading(profile.profile());
      List<String> columns = new ArrayList<>(List.of("metric"));
      columns.addAll(List.of("count", "mean", "std", "min", "25%", "50%", "75%", "max"));
      Table table = new Table(columns);
      for (Map.Entry<String, DescriptiveSummary> row : profile.statisticsRows()) {
        DescriptiveSummary stats = row.getValue();
        int digits = row.getKey().startsWith("BERTScore") ? 4 : row.getKey().startsWith("cost") ? 6 : 2;
        table.row(row.getKey(), Long.toString(stats.count()), decimal(stats.mean(), digits),
            decimal(stats.standardDeviation(), digits), decimal(stats.min(), digits),
            decimal(stats.firstQuartile(), digits), decimal(stats.median(), digits),
            decimal(stats.thirdQuartile(), digits), decimal(stats.max(), digits));
      }
      doc.table(table);
    }

    doc.heading("Compliance with the output rules");
    Table compliance = new Table(List.of("profile", "answers", "within 25 words", "with emoji", "names the student",
        "all three"));
    for (ProfileSummary profile : summary.profiles()) {
      Compliance c = profile.compliance();
      compliance.row(profile.profile(), Long.toString(c.answers()),
          c.withinWordLimit() + " (" + percent(c.withinWordLimitShare()) + ")",
          c.withEmoji() + " (" + percent(c.withEmojiShare()) + ")",
          c.namingStudent() + " (" + percent(c.namingStudentShare()) + ")",
          c.meetingAll() + " (" + percent(c.meetingAllShare()) + ")");
    }
    doc.table(compliance);

    doc.heading("Failures");
    boolean anyFailure = false;
    for (ProfileSummary profile : summary.profiles()) {
      if (profile.failed() == 0) {
        continue;
      }
      anyFailure = true;
      Table failures = new Table(List.of("count", "error (" + profile.profile() + ")"));
      profile.errors().entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(entry -> failures.row(Long.toString(entry.getValue()), entry.getKey()));
      doc.table(failures);
    }
    if (!anyFailure) {
      doc.paragraph("No generation failed.");
    }

    training.ifPresent(curve -> {
      doc.heading("Fine-tuning");
      Table loss = new Table(List.of("figure", "value"));
      TrainingCurve.Point last = curve.trainingLoss().get(curve.trainingLoss().size() - 1);
      loss.row("steps", decimal(last.step(), 0));
      loss.row("final training loss", decimal(last.value(), 4));
      curve.validationLoss().stream().min(java.util.Comparator.comparingDouble(TrainingCurve.Point::value))
          .ifPresent(best -> loss.row("best validation loss", decimal(best.value(), 4) + " (step "
              + decimal(best.step(), 0) + ")"));
      if (!curve.validationLoss().isEmpty()) {
        TrainingCurve.Point lastValid = curve.validationLoss().get(curve.validationLoss().size() - 1);
        loss.row("final validation loss", decimal(lastValid.value(), 4));
      }
      doc.table(loss);
    });
    return doc;
  }

  /** Fine-tuned against base: tokens and, when priced, dollars saved per request. */
  private Optional<Table> saving() {
    Optional<ProfileSummary> base = summary.profile("base");
    Optional<ProfileSummary> fineTuned = summary.profile("finetuned");
    if (base.isEmpty() || fineTuned.isEmpty() || base.get().succeeded() == 0 || fineTuned.get().succeeded() == 0) {
      return Optional.empty();
    }
    Table table = new Table(List.of("per request", "base", "finetuned", "saved", "saved %"));
    savingRow(table, "prompt tokens", base.get().promptTokens().mean(), fineTuned.get().promptTokens().mean(), 1);
    savingRow(table, "completion tokens", base.get().completionTokens().mean(),
        fineTuned.get().completionTokens().mean(), 1);
    savingRow(table, "total tokens", base.get().totalTokens().mean(), fineTuned.get().totalTokens().mean(), 1);
    if (base.get().costUsd().isPresent() && fineTuned.get().costUsd().isPresent()) {
      double baseCost = base.get().costUsd().get().mean();
      double fineCost = fineTuned.get().costUsd().get().mean();
      savingRow(table, "cost (USD)", baseCost, fineCost, 6);
      savingRow(table, "cost per 1,000 requests (USD)", baseCost * 1000, fineCost * 1000, 3);
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

    String html() {
      StringBuilder out = new StringBuilder(1 << 16);
      out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
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
          out.append("![").append(chart.title()).append("](").append(png).append(")\n\n(")
              .append("[SVG](").append(svg).append("))\n\n");
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
