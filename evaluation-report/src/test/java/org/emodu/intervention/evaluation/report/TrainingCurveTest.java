package org.emodu.intervention.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCurveTest {

  @TempDir
  Path directory;

  @Test
  void readsTheJobsMetricsCsvWithEmptyValidationCells() throws Exception {
    Path file = directory.resolve("metrics.csv");
    Files.writeString(file, """
        step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy
        1,2.5,0.4,,
        2,2.0,0.5,2.2,0.45
        3,1.5,0.6,,
        """);

    TrainingCurve curve = TrainingCurve.read(file);

    assertThat(curve.trainingLoss()).containsExactly(
        new TrainingCurve.Point(1, 2.5), new TrainingCurve.Point(2, 2.0), new TrainingCurve.Point(3, 1.5));
    assertThat(curve.validationLoss()).containsExactly(new TrainingCurve.Point(2, 2.2));
  }

  @Test
  void readsTheTidyForm() throws Exception {
    Path file = directory.resolve("tidy.csv");
    Files.writeString(file, """
        job_id,step,split,metric,value
        ftjob-1,2,train,loss,2.0
        ftjob-1,1,train,loss,2.5
        ftjob-1,1,train,accuracy,0.4
        ftjob-1,2,valid,loss,2.2
        """);

    TrainingCurve curve = TrainingCurve.read(file);

    assertThat(curve.trainingLoss()).extracting(TrainingCurve.Point::step).containsExactly(1.0, 2.0);
    assertThat(curve.validationLoss()).containsExactly(new TrainingCurve.Point(2, 2.2));
  }

  @Test
  void smoothingIsAnExponentialMovingAverage() throws Exception {
    Path file = directory.resolve("metrics.csv");
    Files.writeString(file, "step,train_loss\n1,2.0\n2,1.0\n3,1.0\n");

    assertThat(TrainingCurve.read(file).smoothedTrainingLoss(0.5))
        .extracting(TrainingCurve.Point::value).containsExactly(2.0, 1.5, 1.25);
  }

  @Test
  void theBiasCorrectedAverageStartsAtTheFirstValue() {
    java.util.List<TrainingCurve.Point> points = java.util.List.of(new TrainingCurve.Point(1, 2.0),
        new TrainingCurve.Point(2, 1.0), new TrainingCurve.Point(3, 1.0));

    // ema_t = 0.5 ema_{t-1} + 0.5 x_t from 0, divided by 1 - 0.5^t: 1 / 0.5, 1 / 0.75, 1 / 0.875
    assertThat(TrainingCurve.smoothed(points, 0.5)).extracting(TrainingCurve.Point::value)
        .containsExactly(2.0, 4.0 / 3, 8.0 / 7);
    assertThat(TrainingCurve.smoothed(points, 0)).isEqualTo(points);
    assertThatThrownBy(() -> TrainingCurve.smoothed(points, 1)).hasMessageContaining("[0, 1)");
  }

  @Test
  void theSmoothedCurveOfAFallingLossLagsNoMoreThanTheAverageMust() {
    // a loss falling by 0.01 a step: a moving average keeping w of the past lags by at most 0.01 w / (1 - w)
    java.util.List<TrainingCurve.Point> points = new java.util.ArrayList<>();
    for (int step = 1; step <= 200; step++) {
      points.add(new TrainingCurve.Point(step, 3.0 - 0.01 * step));
    }
    double weight = 0.6;

    java.util.List<TrainingCurve.Point> smoothed = TrainingCurve.smoothed(points, weight);

    assertThat(smoothed.get(0).value()).isEqualTo(points.get(0).value());
    for (int i = 0; i < points.size(); i++) {
      double lag = smoothed.get(i).value() - points.get(i).value();
      assertThat(lag).as("lag at step %s", i + 1).isBetween(0.0, 0.01 * weight / (1 - weight) + 1e-12);
    }
  }

  @Test
  void readsAccuracyFromBothForms() throws Exception {
    Path wide = directory.resolve("wide.csv");
    Files.writeString(wide, "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n1,2.5,0.4,,\n2,2.0,0.5,2.2,0.45\n");
    Path tidy = directory.resolve("tidy.csv");
    Files.writeString(tidy, "job_id,step,split,metric,value\nj,1,train,loss,2.5\nj,1,train,accuracy,0.4\n"
        + "j,2,valid,accuracy,0.45\n");

    TrainingCurve fromWide = TrainingCurve.read(wide);
    TrainingCurve fromTidy = TrainingCurve.read(tidy);

    assertThat(fromWide.trainingAccuracy()).containsExactly(new TrainingCurve.Point(1, 0.4), new TrainingCurve.Point(2, 0.5));
    assertThat(fromWide.validationAccuracy()).containsExactly(new TrainingCurve.Point(2, 0.45));
    assertThat(fromTidy.trainingAccuracy()).containsExactly(new TrainingCurve.Point(1, 0.4));
    assertThat(fromTidy.validationAccuracy()).containsExactly(new TrainingCurve.Point(2, 0.45));
    assertThat(fromTidy.hasAccuracy()).isTrue();
    assertThat(new TrainingCurve(fromWide.trainingLoss(), fromWide.validationLoss()).hasAccuracy()).isFalse();
  }

  @Test
  void unreadableFilesNameTheLine() throws Exception {
    Path file = directory.resolve("bad.csv");
    Files.writeString(file, "step,train_loss\n1,2.0\n2,lots\n");
    Path other = directory.resolve("other.csv");
    Files.writeString(other, "a,b\n1,2\n");

    assertThatThrownBy(() -> TrainingCurve.read(file)).hasMessageContaining("line 3: train_loss 'lots' is not a number");
    assertThatThrownBy(() -> TrainingCurve.read(other)).hasMessageContaining("has neither the job's header");
  }
}
