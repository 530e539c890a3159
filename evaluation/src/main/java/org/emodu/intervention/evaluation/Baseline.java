package org.emodu.intervention.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.emodu.intervention.core.internal.io.LineReader;
import org.emodu.intervention.core.internal.io.MalformedLineException;

/**
 * Baseline values for BERTScore's rescaling: the scores a model gives unrelated sentence pairs. A
 * raw score {@code x} becomes {@code (x - b) / (1 - b)} with the baseline {@code b} of its kind, so
 * that 1 stays a perfect match and unrelated text lands near 0, as in the reference
 * implementation. Precision, recall and F1 are each rescaled with their own baseline.
 *
 * <p>The baseline file format is the reference implementation's: comma- (or tab-) separated with a
 * header row {@code LAYER,P,R,F} and one row per layer of the model.
 *
 * @param precision the baseline of precision, below 1
 * @param recall the baseline of recall, below 1
 * @param f1 the baseline of F1, below 1
 */
public record Baseline(double precision, double recall, double f1) {

  public Baseline {
    for (double value : new double[] {precision, recall, f1}) {
      if (!Double.isFinite(value) || value >= 1) {
        throw new IllegalArgumentException("a BERTScore baseline must be a number below 1; got precision " + precision
            + ", recall " + recall + ", f1 " + f1);
      }
    }
  }

  /** One baseline for precision, recall and F1 alike. */
  public static Baseline of(double value) {
    return new Baseline(value, value, value);
  }

  /**
   * Parses {@code P,R,F} (three numbers) or a single number for all three, as given on a command
   * line.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Baseline parse(String text) {
    String[] parts = text.strip().split("\\s*,\\s*", -1);
    try {
      double[] values = Arrays.stream(parts).mapToDouble(Double::parseDouble).toArray();
      if (values.length == 1) {
        return of(values[0]);
      }
      if (values.length == 3) {
        return new Baseline(values[0], values[1], values[2]);
      }
    } catch (NumberFormatException e) {
      // Falls through to the message that says what is accepted.
    }
    throw new IllegalArgumentException("the baseline '" + text + "' is not understood; give P,R,F as three numbers"
        + " below 1 (e.g. 0.83,0.83,0.83) or one number for all three");
  }

  /**
   * Reads the baseline of the deepest layer, the last row, from a baseline file: the layer whose
   * output is {@code last_hidden_state}.
   */
  public static Baseline read(Path file) {
    return read(file, OptionalInt.empty());
  }

  /**
   * Reads a baseline file, taking the row of the given layer ({@code LAYER} column) or, without one,
   * the last row.
   *
   * @throws IllegalArgumentException naming the file, line and what is wrong
   * @throws UncheckedIOException when the file cannot be read
   */
  public static Baseline read(Path file, OptionalInt layer) {
    List<String[]> rows = new ArrayList<>();
    String[] header;
    List<String> lines;
    try {
      lines = LineReader.readAllLines(file);
    } catch (MalformedLineException e) {
      throw new IllegalArgumentException("the baseline file " + file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the baseline file " + file + ": " + e.getMessage(), e);
    }
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      throw new IllegalArgumentException("the baseline file " + file + " is empty; it needs a header LAYER,P,R,F");
    }
    header = split(lines.get(0).replace("\uFEFF", ""));
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        rows.add(split(line));
      }
    }
    int layerColumn = column(header, "LAYER");
    int precisionColumn = column(header, "P");
    int recallColumn = column(header, "R");
    int f1Column = column(header, "F");
    if (precisionColumn < 0 || recallColumn < 0 || f1Column < 0) {
      throw new IllegalArgumentException("the baseline file " + file + " has the header " + String.join(",", header)
          + "; it needs the columns P, R and F (and LAYER to choose a layer)");
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("the baseline file " + file + " has a header but no rows");
    }
    int chosen = rows.size() - 1;
    if (layer.isPresent()) {
      if (layerColumn < 0) {
        throw new IllegalArgumentException("the baseline file " + file + " has no LAYER column to choose layer "
            + layer.getAsInt() + " from");
      }
      chosen = -1;
      List<String> layers = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        String value = cell(rows.get(i), layerColumn);
        layers.add(value);
        if (value.equals(Integer.toString(layer.getAsInt()))) {
          chosen = i;
        }
      }
      if (chosen < 0) {
        throw new IllegalArgumentException("the baseline file " + file + " has no row for layer " + layer.getAsInt()
            + "; it has the layers " + String.join(", ", layers));
      }
    }
    String[] row = rows.get(chosen);
    int lineNumber = chosen + 2;
    try {
      return new Baseline(Double.parseDouble(cell(row, precisionColumn)), Double.parseDouble(cell(row, recallColumn)),
          Double.parseDouble(cell(row, f1Column)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the baseline file " + file + " line " + lineNumber + " does not hold three"
          + " numbers below 1 for P, R and F: " + String.join(",", row), e);
    }
  }

  /** Rescales a raw score: {@code (x - b) / (1 - b)} for each of precision, recall and F1. */
  public BertScore rescale(BertScore raw) {
    return new BertScore(rescale(raw.precision(), precision), rescale(raw.recall(), recall), rescale(raw.f1(), f1));
  }

  /** The values as the score's hash shows them. */
  String describe() {
    return String.format(Locale.ROOT, "P=%s,R=%s,F=%s", precision, recall, f1);
  }

  private static double rescale(double value, double baseline) {
    return (value - baseline) / (1 - baseline);
  }

  private static String[] split(String line) {
    String[] cells = line.split(line.indexOf('\t') >= 0 && line.indexOf(',') < 0 ? "\t" : ",", -1);
    for (int i = 0; i < cells.length; i++) {
      cells[i] = cells[i].strip();
    }
    return cells;
  }

  private static int column(String[] header, String name) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String cell(String[] row, int column) {
    return column < row.length ? row[column] : "";
  }
}
