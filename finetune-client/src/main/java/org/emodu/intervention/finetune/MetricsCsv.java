package org.emodu.intervention.finetune;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.emodu.intervention.core.internal.io.CsvReader;
import org.emodu.intervention.core.internal.io.MalformedLineException;
import org.emodu.intervention.core.internal.io.UntrustedText;

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

  /**
   * The largest result file read: a step's line is about 50 bytes, so this holds the metrics of a
   * million steps, base64-encoded; anything larger is not a metrics file, and refusing it keeps
   * memory bounded.
   */
  public static final int MAX_BYTES = 64 << 20;

  private static final String[] SPLITS = {"full_valid_", "valid_", "train_"};

  private MetricsCsv() {}

  /**
   * The CSV bytes of a downloaded result file. The API serves some result files base64-encoded; those
   * are decoded, plain CSV is returned as it is. Whether it is UTF-8 is for {@link #parse(String, byte[])}
   * to say, by line.
   *
   * @throws MetricsFormatException when the bytes are base64 that does not decode, or larger than
   *     {@value #MAX_BYTES} bytes
   */
  public static byte[] csv(String source, byte[] content) {
    if (content.length > MAX_BYTES) {
      throw tooLarge(source);
    }
    if (!looksLikeBase64(content)) {
      return content;
    }
    try {
      return Base64.getMimeDecoder().decode(content);
    } catch (IllegalArgumentException e) {
      throw new MetricsFormatException(source + " is neither a CSV file nor base64-encoded CSV");
    }
  }

  /** The message for a result file larger than {@value #MAX_BYTES} bytes. */
  static MetricsFormatException tooLarge(String source) {
    return new MetricsFormatException(source + " holds more than " + MalformedLineException.size(MAX_BYTES)
        + ", more than the metrics of a million steps; it is not a metrics CSV");
  }

  /**
   * Whether the content is base64 rather than CSV: only base64's letters and line breaks, no comma,
   * and not the header's {@code step} at the start.
   */
  private static boolean looksLikeBase64(byte[] content) {
    int start = 0;
    while (start < content.length && Character.isWhitespace(content[start])) {
      start++;
    }
    if (start == content.length) {
      return false;
    }
    String head = new String(content, start, Math.min(4, content.length - start), StandardCharsets.ISO_8859_1);
    if (head.toLowerCase(Locale.ROOT).equals("step")) {
      return false;
    }
    for (int i = start; i < content.length; i++) {
      int b = content[i] & 0xFF;
      boolean alphabet = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
          || b == '+' || b == '/' || b == '=' || b == ' ' || b == '\t' || b == '\r' || b == '\n';
      if (!alphabet) {
        return false;
      }
    }
    return true;
  }

  /** Parses a metrics CSV given as text; see {@link #parse(String, byte[])}. */
  public static List<MetricsRow> parse(String source, String text) {
    return parse(source, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses a metrics CSV, read as every CSV input of the toolkit is ({@link CsvReader}): UTF-8
   * checked line by line, a line of at most 1 MiB, quotes closed where their fields end.
   *
   * @param source what the bytes are, for messages ("result file file-abc")
   * @throws MetricsFormatException naming the source and line of the first problem
   */
  public static List<MetricsRow> parse(String source, byte[] csv) {
    try (CsvReader reader = new CsvReader(new ByteArrayInputStream(csv), ',')) {
      return parse(source, reader);
    } catch (MalformedLineException e) {
      throw new MetricsFormatException(source + " " + e.getMessage());
    } catch (IOException e) {
      // A reader over bytes in memory reads no stream.
      throw new UncheckedIOException("reading a metrics CSV from memory failed", e);
    }
  }

  private static List<MetricsRow> parse(String source, CsvReader reader) throws IOException {
    List<String> header = null;
    int stepColumn = -1;
    List<MetricsRow> rows = new ArrayList<>();
    CsvReader.Row row;
    while ((row = reader.next()) != null) {
      if (row.isBlank()) {
        continue;
      }
      List<String> cells = row.fields();
      long line = row.line();
      if (header == null) {
        header = cells.stream().map(cell -> cell.strip().toLowerCase(Locale.ROOT)).toList();
        stepColumn = header.indexOf("step");
        if (stepColumn < 0) {
          throw new MetricsFormatException(source + " line " + line + ": the header has no 'step' column; expected "
              + "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy");
        }
        continue;
      }
      if (cells.size() != header.size()) {
        throw new MetricsFormatException(source + " line " + line + ": " + cells.size() + " cells where the header has "
            + header.size());
      }
      long step = step(source, line, cells.get(stepColumn).strip());
      Map<String, Double> values = new LinkedHashMap<>();
      for (int i = 0; i < cells.size(); i++) {
        String cell = cells.get(i).strip();
        if (i == stepColumn || cell.isEmpty()) {
          continue;
        }
        values.put(header.get(i), number(source, line, header.get(i), cell));
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

  private static long step(String source, long line, String cell) {
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

  private static double number(String source, long line, String column, String cell) {
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

  private static String quoted(String text) {
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }

  private static String shown(String cell) {
    return UntrustedText.printable(cell, 30);
  }
}
