package org.emodu.intervention.finetune;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.emodu.intervention.core.Text;

/**
 * Reads the metrics CSV a fine-tuning job leaves as its result file and writes it again in tidy form,
 * one measurement per line, for the evaluation module's loss chart.
 *
 * <p>The API's file has the header {@code step,train_loss,train_accuracy,valid_loss,
 * valid_mean_token_accuracy} (newer jobs add {@code full_valid_*} columns) and one line per step;
 * validation cells are empty on most steps. Columns are found by name, so extra or reordered columns
 * are fine. The tidy form is {@code job_id,step,split,metric,value}: {@code split} is {@code train},
 * {@code valid} or {@code full_valid}, {@code metric} is {@code loss} or {@code accuracy} (mean token
 * accuracy), and empty cells produce no line at all.
 */
public final class MetricsCsv {

  /** The tidy file's header. */
  public static final String TIDY_HEADER = "job_id,step,split,metric,value";

  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]+");
  private static final String[] SPLITS = {"full_valid_", "valid_", "train_"};

  private MetricsCsv() {}

  /**
   * The CSV text of a downloaded result file. The API serves some result files base64-encoded; those
   * are decoded, plain CSV is returned as it is.
   *
   * @throws MetricsFormatException when the bytes are neither UTF-8 text nor base64 of it
   */
  public static String text(String source, byte[] content) {
    String text = utf8(source, content);
    String trimmed = text.strip();
    boolean looksLikeCsv = trimmed.contains(",") || trimmed.toLowerCase(Locale.ROOT).startsWith("step");
    if (!trimmed.isEmpty() && !looksLikeCsv && BASE64.matcher(trimmed).matches()) {
      try {
        return utf8(source, Base64.getMimeDecoder().decode(trimmed));
      } catch (IllegalArgumentException e) {
        throw new MetricsFormatException(source + " is neither a CSV file nor base64-encoded CSV");
      }
    }
    return text;
  }

  /**
   * Parses a metrics CSV.
   *
   * @param source what the text is, for messages ("result file file-abc")
   * @throws MetricsFormatException naming the line and column of the first problem
   */
  public static List<MetricsRow> parse(String source, String text) {
    String[] lines = text.replace("\uFEFF", "").split("\r?\n|\r", -1);
    int lineNumber = 0;
    String[] header = null;
    int stepColumn = -1;
    List<MetricsRow> rows = new ArrayList<>();
    for (String line : lines) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (header == null) {
        header = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
          header[i] = cells[i].strip().toLowerCase(Locale.ROOT);
          if (header[i].equals("step")) {
            stepColumn = i;
          }
        }
        if (stepColumn < 0) {
          throw new MetricsFormatException(source + " line " + lineNumber + ": the header has no 'step' column; expected "
              + "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy");
        }
        continue;
      }
      if (cells.length != header.length) {
        throw new MetricsFormatException(source + " line " + lineNumber + ": " + cells.length + " cells where the header has "
            + header.length);
      }
      long step = step(source, lineNumber, cells[stepColumn].strip());
      Map<String, Double> values = new LinkedHashMap<>();
      for (int i = 0; i < cells.length; i++) {
        String cell = cells[i].strip();
        if (i == stepColumn || cell.isEmpty()) {
          continue;
        }
        values.put(header[i], number(source, lineNumber, header[i], cell));
      }
      rows.add(new MetricsRow(step, values));
    }
    if (header == null) {
      throw new MetricsFormatException(source + " is empty");
    }
    return List.copyOf(rows);
  }

  /**
   * Rows from several result files as one series by step; where two files have the same step, the
   * later file's values win.
   */
  public static List<MetricsRow> merge(List<List<MetricsRow>> files) {
    Map<Long, Map<String, Double>> byStep = new TreeMap<>();
    for (List<MetricsRow> rows : files) {
      for (MetricsRow row : rows) {
        byStep.computeIfAbsent(row.step(), step -> new LinkedHashMap<>()).putAll(row.values());
      }
    }
    List<MetricsRow> merged = new ArrayList<>();
    byStep.forEach((step, values) -> merged.add(new MetricsRow(step, values)));
    return List.copyOf(merged);
  }

  /** The tidy CSV for {@code rows}: {@value #TIDY_HEADER}, one line per non-empty cell, by step. */
  public static String tidy(String jobId, List<MetricsRow> rows) {
    StringBuilder csv = new StringBuilder(TIDY_HEADER).append('\n');
    String job = quoted(jobId);
    for (MetricsRow row : rows) {
      row.values().forEach((column, value) -> {
        String[] series = series(column);
        csv.append(job).append(',').append(row.step()).append(',').append(quoted(series[0])).append(',')
            .append(quoted(series[1])).append(',').append(value).append('\n');
      });
    }
    return csv.toString();
  }

  /** The split and metric a result-file column holds: {@code valid_mean_token_accuracy} is valid, accuracy. */
  static String[] series(String column) {
    for (String prefix : SPLITS) {
      if (column.startsWith(prefix)) {
        String metric = column.substring(prefix.length());
        if (metric.equals("mean_token_accuracy")) {
          metric = "accuracy";
        }
        return new String[] {prefix.substring(0, prefix.length() - 1), metric};
      }
    }
    return new String[] {"other", column};
  }

  private static long step(String source, int line, String cell) {
    try {
      long step = Long.parseLong(cell);
      if (step >= 0) {
        return step;
      }
    } catch (NumberFormatException e) {
      // reported below with the line
    }
    throw new MetricsFormatException(source + " line " + line + ": step '" + shown(cell) + "' is not a whole number of at least 0");
  }

  private static double number(String source, int line, String column, String cell) {
    try {
      double value = Double.parseDouble(cell);
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the line and column
    }
    throw new MetricsFormatException(source + " line " + line + ": " + column + " '" + shown(cell) + "' is not a number");
  }

  private static String utf8(String source, byte[] content) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MetricsFormatException(source + " is not UTF-8 text; it is not a metrics CSV");
    }
  }

  private static String quoted(String text) {
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }

  private static String shown(String cell) {
    String line = Text.singleLine(cell);
    return line.length() > 30 ? line.substring(0, 30) + "..." : line;
  }
}
