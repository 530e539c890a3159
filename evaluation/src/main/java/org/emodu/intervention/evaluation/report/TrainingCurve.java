package org.emodu.intervention.evaluation.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.emodu.intervention.core.internal.io.LineReader;
import org.emodu.intervention.core.internal.io.MalformedLineException;

/**
 * A fine-tuning job's loss by step: training loss at every step, validation loss where the job
 * computed it. Reads either the metrics CSV a job leaves as its result file
 * ({@code step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy}, validation cells
 * often empty) or the tidy CSV {@code intervensi finetune metrics} writes
 * ({@code job_id,step,split,metric,value}).
 *
 * @param trainingLoss (step, loss) pairs in step order
 * @param validationLoss (step, loss) pairs in step order; empty when the job had no validation file
 */
public record TrainingCurve(List<Point> trainingLoss, List<Point> validationLoss) {

  public TrainingCurve {
    trainingLoss = List.copyOf(trainingLoss);
    validationLoss = List.copyOf(validationLoss);
    if (trainingLoss.isEmpty()) {
      throw new IllegalArgumentException("a training curve needs at least one training loss");
    }
  }

  /** One step's value. */
  public record Point(double step, double value) {}

  /**
   * Reads a metrics file in either form.
   *
   * @throws IllegalArgumentException naming the file and the line that cannot be read
   * @throws UncheckedIOException when the file cannot be read
   */
  public static TrainingCurve read(Path file) {
    List<String> lines;
    try {
      lines = LineReader.readAllLines(file);
    } catch (MalformedLineException e) {
      throw new IllegalArgumentException("the metrics file " + file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the metrics file " + file + ": " + e.getMessage(), e);
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("the metrics file " + file + " is empty");
    }
    List<String> header = cells(lines.get(0)).stream().map(cell -> cell.toLowerCase(Locale.ROOT)).toList();
    if (header.containsAll(List.of("step", "split", "metric", "value"))) {
      return tidy(file, header, lines);
    }
    if (header.containsAll(List.of("step", "train_loss"))) {
      return wide(file, header, lines);
    }
    throw new IllegalArgumentException("the metrics file " + file + " has neither the job's header "
        + "(step,train_loss,...,valid_loss,...) nor the tidy one (job_id,step,split,metric,value)");
  }

  /** The training loss smoothed by an exponential moving average, {@code weight} of the past kept per step. */
  public List<Point> smoothedTrainingLoss(double weight) {
    if (!(weight >= 0 && weight < 1)) {
      throw new IllegalArgumentException("the smoothing weight must be in [0, 1), got " + weight);
    }
    List<Point> smoothed = new ArrayList<>(trainingLoss.size());
    double average = trainingLoss.get(0).value();
    for (Point point : trainingLoss) {
      average = weight * average + (1 - weight) * point.value();
      smoothed.add(new Point(point.step(), average));
    }
    return smoothed;
  }

  private static TrainingCurve wide(Path file, List<String> header, List<String> lines) {
    int step = header.indexOf("step");
    int train = header.indexOf("train_loss");
    int valid = header.indexOf("valid_loss");
    List<Point> training = new ArrayList<>();
    List<Point> validation = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> cells = cells(lines.get(i));
      if (cells.size() != header.size()) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + cells.size()
            + " cells where the header has " + header.size());
      }
      double at = number(file, i + 1, "step", cells.get(step));
      if (!cells.get(train).isBlank()) {
        training.add(new Point(at, number(file, i + 1, "train_loss", cells.get(train))));
      }
      if (valid >= 0 && !cells.get(valid).isBlank()) {
        validation.add(new Point(at, number(file, i + 1, "valid_loss", cells.get(valid))));
      }
    }
    return curve(file, training, validation);
  }

  private static TrainingCurve tidy(Path file, List<String> header, List<String> lines) {
    int step = header.indexOf("step");
    int split = header.indexOf("split");
    int metric = header.indexOf("metric");
    int value = header.indexOf("value");
    TreeMap<Double, Double> training = new TreeMap<>();
    TreeMap<Double, Double> validation = new TreeMap<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> cells = cells(lines.get(i));
      if (cells.size() != header.size()) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + cells.size()
            + " cells where the header has " + header.size());
      }
      if (!cells.get(metric).strip().equalsIgnoreCase("loss")) {
        continue;
      }
      double at = number(file, i + 1, "step", cells.get(step));
      double loss = number(file, i + 1, "value", cells.get(value));
      String which = cells.get(split).strip().toLowerCase(Locale.ROOT);
      if (which.startsWith("train")) {
        training.put(at, loss);
      } else if (which.startsWith("valid")) {
        validation.put(at, loss);
      }
    }
    return curve(file, points(training), points(validation));
  }

  private static TrainingCurve curve(Path file, List<Point> training, List<Point> validation) {
    if (training.isEmpty()) {
      throw new IllegalArgumentException("the metrics file " + file + " holds no training loss");
    }
    training.sort(java.util.Comparator.comparingDouble(Point::step));
    validation.sort(java.util.Comparator.comparingDouble(Point::step));
    return new TrainingCurve(training, validation);
  }

  private static List<Point> points(TreeMap<Double, Double> values) {
    List<Point> points = new ArrayList<>();
    values.forEach((step, value) -> points.add(new Point(step, value)));
    return points;
  }

  private static double number(Path file, int line, String column, String cell) {
    try {
      double value = Double.parseDouble(cell.strip());
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(file + " line " + line + ": " + column + " '" + cell.strip() + "' is not a number");
  }

  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    for (String cell : line.split(",", -1)) {
      cells.add(cell.strip());
    }
    return cells;
  }
}
