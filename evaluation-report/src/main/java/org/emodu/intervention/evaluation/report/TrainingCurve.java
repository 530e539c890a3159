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
 * A fine-tuning job's loss by step, and its mean token accuracy when the file carries it: training
 * figures at every step, validation figures where the job computed them. Reads either the metrics CSV a job leaves as its result file
 * ({@code step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy}, validation cells
 * often empty) or the tidy CSV {@code intervensi finetune metrics} writes
 * ({@code job_id,step,split,metric,value}).
 *
 * @param trainingLoss (step, loss) pairs in step order
 * @param validationLoss (step, loss) pairs in step order; empty when the job had no validation file
 * @param trainingAccuracy (step, mean token accuracy) pairs in step order; empty when the file has none
 * @param validationAccuracy (step, mean token accuracy) on the validation file; empty when none
 */
public record TrainingCurve(List<Point> trainingLoss, List<Point> validationLoss, List<Point> trainingAccuracy,
    List<Point> validationAccuracy) {

  /** The smoothing weight charts use unless told otherwise. */
  public static final double DEFAULT_SMOOTHING = 0.6;

  /** A curve of losses only. */
  public TrainingCurve(List<Point> trainingLoss, List<Point> validationLoss) {
    this(trainingLoss, validationLoss, List.of(), List.of());
  }

  public TrainingCurve {
    trainingLoss = List.copyOf(trainingLoss);
    validationLoss = List.copyOf(validationLoss);
    trainingAccuracy = List.copyOf(trainingAccuracy);
    validationAccuracy = List.copyOf(validationAccuracy);
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

  /**
   * The training loss smoothed by the plain exponential moving average seeded with the first loss,
   * {@code weight} of the past kept per step. It lags a falling curve; charts use the bias-corrected
   * {@link #smoothed(List, double)}.
   */
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

  /**
   * Points smoothed by the bias-corrected exponential moving average TensorBoard draws: the average
   * starts at 0 and each value enters with weight {@code 1 - weight}; dividing by
   * {@code 1 - weight^t} after t values removes the pull towards 0, so the first smoothed value is the
   * first value and early values are not dragged towards a starting guess. 0 leaves the values as
   * they are.
   *
   * @param weight the share of the past kept per step, in [0, 1)
   * @throws IllegalArgumentException when weight is outside [0, 1)
   */
  public static List<Point> smoothed(List<Point> points, double weight) {
    if (!(weight >= 0 && weight < 1)) {
      throw new IllegalArgumentException("the smoothing weight must be in [0, 1), got " + weight);
    }
    List<Point> smoothed = new ArrayList<>(points.size());
    double average = 0;
    double kept = 1;
    for (Point point : points) {
      average = weight * average + (1 - weight) * point.value();
      kept *= weight;
      smoothed.add(new Point(point.step(), weight == 0 ? point.value() : average / (1 - kept)));
    }
    return smoothed;
  }

  /** Whether the file carried mean token accuracy. */
  public boolean hasAccuracy() {
    return !trainingAccuracy.isEmpty() || !validationAccuracy.isEmpty();
  }

  private static TrainingCurve wide(Path file, List<String> header, List<String> lines) {
    int step = header.indexOf("step");
    int train = header.indexOf("train_loss");
    int valid = header.indexOf("valid_loss");
    int trainAccuracy = header.indexOf("train_accuracy");
    int validAccuracy = header.indexOf("valid_mean_token_accuracy");
    List<Point> training = new ArrayList<>();
    List<Point> validation = new ArrayList<>();
    List<Point> trainingAccuracy = new ArrayList<>();
    List<Point> validationAccuracy = new ArrayList<>();
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
      if (trainAccuracy >= 0 && !cells.get(trainAccuracy).isBlank()) {
        trainingAccuracy.add(new Point(at, number(file, i + 1, "train_accuracy", cells.get(trainAccuracy))));
      }
      if (validAccuracy >= 0 && !cells.get(validAccuracy).isBlank()) {
        validationAccuracy.add(new Point(at, number(file, i + 1, "valid_mean_token_accuracy",
            cells.get(validAccuracy))));
      }
    }
    return curve(file, training, validation, trainingAccuracy, validationAccuracy);
  }

  private static TrainingCurve tidy(Path file, List<String> header, List<String> lines) {
    int step = header.indexOf("step");
    int split = header.indexOf("split");
    int metric = header.indexOf("metric");
    int value = header.indexOf("value");
    TreeMap<Double, Double> training = new TreeMap<>();
    TreeMap<Double, Double> validation = new TreeMap<>();
    TreeMap<Double, Double> trainingAccuracy = new TreeMap<>();
    TreeMap<Double, Double> validationAccuracy = new TreeMap<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> cells = cells(lines.get(i));
      if (cells.size() != header.size()) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + cells.size()
            + " cells where the header has " + header.size());
      }
      String name = cells.get(metric).strip().toLowerCase(Locale.ROOT);
      if (!name.equals("loss") && !name.equals("accuracy")) {
        continue;
      }
      double at = number(file, i + 1, "step", cells.get(step));
      double figure = number(file, i + 1, "value", cells.get(value));
      String which = cells.get(split).strip().toLowerCase(Locale.ROOT);
      boolean loss = name.equals("loss");
      if (which.startsWith("train")) {
        (loss ? training : trainingAccuracy).put(at, figure);
      } else if (which.startsWith("valid")) {
        (loss ? validation : validationAccuracy).put(at, figure);
      }
    }
    return curve(file, points(training), points(validation), points(trainingAccuracy), points(validationAccuracy));
  }

  private static TrainingCurve curve(Path file, List<Point> training, List<Point> validation,
      List<Point> trainingAccuracy, List<Point> validationAccuracy) {
    if (training.isEmpty()) {
      throw new IllegalArgumentException("the metrics file " + file + " holds no training loss");
    }
    for (List<Point> points : List.of(training, validation, trainingAccuracy, validationAccuracy)) {
      points.sort(java.util.Comparator.comparingDouble(Point::step));
    }
    return new TrainingCurve(training, validation, trainingAccuracy, validationAccuracy);
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
