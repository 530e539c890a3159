package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.ObjectMappers;
import com.openai.models.files.FileListPageResponse;
import com.openai.models.files.FileObject;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.JobListEventsPageResponse;
import com.openai.models.finetuning.jobs.JobListPageResponse;
import com.openai.models.finetuning.jobs.checkpoints.CheckpointListPageResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The response shapes the fake server answers with are the API's: every fixture parses into the SDK's
 * model class and passes its validation, which fails on any field the SDK requires and cannot find.
 */
class FixturesMatchTheSdkTest {

  @ParameterizedTest
  @ValueSource(strings = {"job-queued.json", "job-running.json", "job-succeeded.json", "job-failed.json", "job-cancelled.json"})
  void jobFixturesAreCompleteFineTuningJobs(String name) throws IOException {
    FineTuningJob job = ObjectMappers.jsonMapper().readValue(FakeOpenAi.fixture(name).toString(), FineTuningJob.class);

    assertThat(job.validate().status().asString()).isEqualTo(name.replace("job-", "").replace(".json", ""));
    assertThat(JobSnapshot.of(job).hyperparameters()).containsEntry("n_epochs", "3").containsEntry("batch_size", "1");
  }

  @Test
  void failedJobFixtureCarriesCodeMessageAndParameter() throws IOException {
    FineTuningJob job = ObjectMappers.jsonMapper().readValue(FakeOpenAi.fixture("job-failed.json").toString(), FineTuningJob.class);

    JobError error = JobSnapshot.of(job).error().orElseThrow();

    assertThat(error.code()).isEqualTo("invalid_training_file");
    assertThat(error.parameter()).contains("training_file");
    assertThat(error.describe()).contains("Line 17: each example must have an assistant message");
  }

  @Test
  void listFixturesAreCompletePages() throws IOException {
    var mapper = ObjectMappers.jsonMapper();
    assertThat(mapper.readValue(FakeOpenAi.fixture("jobs-list.json").toString(), JobListPageResponse.class).validate().data())
        .hasSize(1);
    assertThat(mapper.readValue(FakeOpenAi.fixture("job-events.json").toString(), JobListEventsPageResponse.class)
        .validate().data()).hasSize(5);
    assertThat(mapper.readValue(FakeOpenAi.fixture("job-checkpoints.json").toString(), CheckpointListPageResponse.class)
        .validate().data()).hasSize(2);
    assertThat(mapper.readValue(FakeOpenAi.fixture("file-uploaded.json").toString(), FileObject.class).validate().purpose().asString())
        .isEqualTo("fine-tune");
  }

  @Test
  void fakeServerShapesThatHaveNoFixtureAreCompleteToo(@TempDir Path directory) throws IOException {
    Path training = Files.writeString(directory.resolve("train.jsonl"), "{\"messages\": []}\n", StandardCharsets.UTF_8);
    FakeTime time = new FakeTime();
    try (FakeOpenAi server = new FakeOpenAi(time)) {
      var sdk = server.connection().newClient();
      sdk.files().create(com.openai.models.files.FileCreateParams.builder()
          .file(training).purpose(com.openai.models.files.FilePurpose.FINE_TUNE).build());
      FileListPageResponse page = sdk.files().list().response();

      assertThat(page.validate().data()).extracting(FileObject::filename).containsExactly("train.jsonl");
      assertThat(page.data().get(0).bytes()).isEqualTo(Files.size(training));
      sdk.close();
    }
  }
}
