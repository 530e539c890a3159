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
  void unreadableFilesNameTheLine() throws Exception {
    Path file = directory.resolve("bad.csv");
    Files.writeString(file, "step,train_loss\n1,2.0\n2,lots\n");
    Path other = directory.resolve("other.csv");
    Files.writeString(other, "a,b\n1,2\n");

    assertThatThrownBy(() -> TrainingCurve.read(file)).hasMessageContaining("line 3: train_loss 'lots' is not a number");
    assertThatThrownBy(() -> TrainingCurve.read(other)).hasMessageContaining("has neither the job's header");
  }
}
