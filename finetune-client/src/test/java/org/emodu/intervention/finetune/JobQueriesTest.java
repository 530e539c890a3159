package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.emodu.intervention.testing.openai.FakeFineTuningApi.Stage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.emodu.intervention.testing.openai.FakeFineTuningApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status, list, cancel and checkpoints: the questions asked about jobs. */
class JobQueriesTest {

  @TempDir
  Path directory;

  private final FakeTime time = new FakeTime();
  private FakeFineTuningApi server;
  private FineTuneClient client;

  @BeforeEach
  void start() {
    server = new FakeFineTuningApi(time);
    client = FineTuneClient.builder(FakeConnections.to(server, time))
        .manifest(JobManifest.at(directory.resolve("manifest.json"))).clock(time).pause(time).pageSize(1).build();
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    server.close();
  }

  @Test
  void statusReadsEveryFieldOfTheJob() {
    server.addJob("ftjob-Fq3wErTyUiOpAsDfGhJkL", Stage.succeeded("file-Resu1tMetr1csCsv000"));

    JobSnapshot job = client.status("ftjob-Fq3wErTyUiOpAsDfGhJkL");

    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.model()).isEqualTo("gpt-3.5-turbo-0125");
    assertThat(job.fineTunedModel()).contains("ft:gpt-3.5-turbo-0125:example-org:intervensi:AbC123dE");
    assertThat(job.trainingFile()).isEqualTo("file-7Qm2XyZaBcDeFgHiJkLmNo");
    assertThat(job.validationFile()).contains("file-Val1dat1onF1le0000");
    assertThat(job.hyperparameters()).containsEntry("n_epochs", "3").containsEntry("learning_rate_multiplier", "2.0");
    assertThat(job.suffix()).contains("intervensi");
    assertThat(job.seed()).contains(1234567L);
    assertThat(job.trainedTokens()).contains(191520L);
    assertThat(job.createdAt()).isEqualTo(Instant.ofEpochSecond(1732700200));
    assertThat(job.finishedAt()).contains(Instant.ofEpochSecond(1732703800));
    assertThat(job.resultFiles()).containsExactly("file-Resu1tMetr1csCsv000");
    assertThat(job.error()).isEmpty();
  }

  @Test
  void listReadsPagesNewestFirstUpToTheLimit() {
    server.addJob("ftjob-First", Stage.of("succeeded"));
    server.addJob("ftjob-Second", Stage.of("running"));
    server.addJob("ftjob-Third", Stage.of("queued"));

    List<JobSnapshot> two = client.list(2);
    List<JobSnapshot> all = client.list(20);

    assertThat(two).extracting(JobSnapshot::id).containsExactly("ftjob-Third", "ftjob-Second");
    assertThat(all).extracting(JobSnapshot::id).containsExactly("ftjob-Third", "ftjob-Second", "ftjob-First");
    assertThatThrownBy(() -> client.list(0)).hasMessage("limit must be from 1 to 1000, got 0");
  }

  @Test
  void cancelCancelsARunningJobAndRecordsIt() {
    Path training = TestFiles.training(directory, "train.jsonl", 10);
    server.nextJobScript(Stage.of("queued"), Stage.of("running"));
    String id = client.create(JobRequest.builder(FileReference.ofPath(training)).build()).job().id();

    JobSnapshot cancelled = client.cancel(id);

    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(server.status(id)).isEqualTo("cancelled");
    assertThat(client.manifest().job(id).orElseThrow().status()).isEqualTo("cancelled");
    assertThat(client.manifest().job(id).orElseThrow().blocksDuplicates()).isFalse();
  }

  @Test
  void cancellingAFinishedJobSaysThereIsNothingToCancel() {
    server.addJob("ftjob-Done", Stage.of("succeeded"));

    assertThatThrownBy(() -> client.cancel("ftjob-Done"))
        .isInstanceOf(FineTuneException.class)
        .hasMessage("job ftjob-Done has already succeeded; there is nothing to cancel");
    assertThat(server.count("POST", ".*/cancel")).isZero();
  }

  @Test
  void checkpointsAreReadAcrossPagesAndSortedByStep() {
    server.addJob("ftjob-Fq3wErTyUiOpAsDfGhJkL", Stage.of("succeeded"));

    List<Checkpoint> checkpoints = client.checkpoints("ftjob-Fq3wErTyUiOpAsDfGhJkL");

    assertThat(checkpoints).extracting(Checkpoint::step).containsExactly(256L, 384L);
    assertThat(checkpoints.get(1).model()).isEqualTo("ft:gpt-3.5-turbo-0125:example-org:intervensi:AbC123dE:ckpt-step-384");
    assertThat(checkpoints.get(1).trainLoss()).contains(0.41);
    assertThat(checkpoints.get(1).validLoss()).contains(0.58);
    assertThat(checkpoints.get(1).fullValidMeanTokenAccuracy()).contains(0.8);
    assertThat(server.count("GET", ".*/checkpoints")).isEqualTo(2);
  }
}
