package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.ObjectMappers;
import com.openai.models.finetuning.jobs.FineTuningJob;
import java.io.IOException;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A snapshot reads the API's job shapes, as the shared fixtures hold them, the way the SDK parses them. */
class JobSnapshotTest {

  @ParameterizedTest
  @ValueSource(strings = {"job-queued.json", "job-running.json", "job-succeeded.json", "job-failed.json", "job-cancelled.json"})
  void readsTheHyperparametersOfEveryJobShape(String name) throws IOException {
    FineTuningJob job = ObjectMappers.jsonMapper().readValue(Fixtures.body(name), FineTuningJob.class);

    assertThat(JobSnapshot.of(job).hyperparameters()).containsEntry("n_epochs", "3").containsEntry("batch_size", "1");
  }

  @Test
  void failedJobCarriesCodeMessageAndParameter() throws IOException {
    FineTuningJob job = ObjectMappers.jsonMapper().readValue(Fixtures.body("job-failed.json"), FineTuningJob.class);

    JobError error = JobSnapshot.of(job).error().orElseThrow();

    assertThat(error.code()).isEqualTo("invalid_training_file");
    assertThat(error.parameter()).contains("training_file");
    assertThat(error.describe()).contains("Line 17: each example must have an assistant message");
  }
}
