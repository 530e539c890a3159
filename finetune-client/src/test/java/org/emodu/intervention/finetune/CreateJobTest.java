package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.testing.openai.FakeFineTuningApi;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateJobTest {

  @TempDir
  Path directory;

  private final FakeTime time = new FakeTime();
  private FakeFineTuningApi server;
  private JobManifest manifest;
  private Path training;

  @BeforeEach
  void start() {
    server = new FakeFineTuningApi(time);
    manifest = JobManifest.at(directory.resolve("manifest.json"));
    training = TestFiles.training(directory, "train.jsonl", 5);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private FineTuneClient client() {
    return FineTuneClient.builder(FakeConnections.to(server, time))
        .manifest(manifest).trainingFileCheck(TrainingFileChecks.structural()).clock(time).pause(time).build();
  }

  private CreatedJob create(JobRequest request) {
    try (FineTuneClient client = client()) {
      return client.create(request);
    }
  }

  private static JobRequest.Builder request(Path training) {
    return JobRequest.builder(FileReference.ofPath(training));
  }

  @Test
  void createsASupervisedJobOnTheDefaultModelAfterUploadingThePath() {
    CreatedJob created = create(request(training).build());

    assertThat(created.job().id()).isEqualTo("ftjob-Created1");
    assertThat(created.job().status()).isEqualTo(JobStatus.QUEUED);
    assertThat(created.trainingUpload()).hasValueSatisfying(upload -> assertThat(upload.fileId()).isEqualTo("file-Upload1"));
    JsonNode body = server.jobBodies().get(0);
    assertThat(body.path("model").asText()).isEqualTo("gpt-3.5-turbo-0125");
    assertThat(body.path("training_file").asText()).isEqualTo("file-Upload1");
    assertThat(body.path("method").path("type").asText()).isEqualTo("supervised");
    assertThat(body.path("method").path("supervised").path("hyperparameters").path("n_epochs").asText()).isEqualTo("auto");
    assertThat(body.path("metadata").path("intervensi_request").asText()).isNotBlank();
    assertThat(body.has("hyperparameters")).as("the deprecated top-level hyperparameters").isFalse();
    assertThat(manifest.job("ftjob-Created1")).hasValueSatisfying(job -> {
      assertThat(job.status()).isEqualTo("queued");
      assertThat(job.parameters().trainingFileId()).isEqualTo("file-Upload1");
    });
  }

  @Test
  void sendsTheChosenModelHyperparametersValidationFileSuffixAndSeed() {
    Path validation = TestFiles.training(directory, "valid.jsonl", 2);

    CreatedJob created = create(request(training)
        .validationFile(FileReference.ofPath(validation))
        .model("gpt-4o-mini-2024-07-18")
        .hyperparameters(Hyperparameters.parse("3", "auto", "2.0"))
        .suffix("intervensi")
        .seed(1234567L)
        .build());

    JsonNode body = server.jobBodies().get(0);
    JsonNode hyperparameters = body.path("method").path("supervised").path("hyperparameters");
    assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(body.path("validation_file").asText()).isEqualTo("file-Upload2");
    assertThat(body.path("suffix").asText()).isEqualTo("intervensi");
    assertThat(body.path("seed").asLong()).isEqualTo(1234567L);
    assertThat(hyperparameters.path("n_epochs").asLong()).isEqualTo(3);
    assertThat(hyperparameters.path("batch_size").asText()).isEqualTo("auto");
    assertThat(hyperparameters.path("learning_rate_multiplier").asDouble()).isEqualTo(2.0);
    assertThat(created.job().suffix()).contains("intervensi");
    assertThat(created.job().validationFile()).contains("file-Upload2");
  }

  @Test
  void acceptsAnUploadedFileIdWithoutUploading() {
    try (FineTuneClient client = client()) {
      client.upload(training);
    }

    create(JobRequest.builder(FileReference.ofId("file-Upload1")).build());

    assertThat(server.uploads()).isEqualTo(1);
    assertThat(server.jobCreations()).isEqualTo(1);
  }

  @Test
  void refusesASecondJobWithTheSameFileAndParametersAndShowsTheFirst() {
    create(request(training).suffix("intervensi").build());

    assertThatThrownBy(() -> create(request(training).suffix("intervensi").build()))
        .isInstanceOf(DuplicateJobException.class)
        .hasMessageContaining("already exists: ftjob-Created1 (queued)")
        .satisfies(error -> assertThat(((DuplicateJobException) error).existing().jobId()).isEqualTo("ftjob-Created1"));
    assertThat(server.uploads()).isEqualTo(1);
    assertThat(server.jobCreations()).isEqualTo(1);
  }

  @Test
  void differentParametersAreADifferentJob() {
    create(request(training).build());

    CreatedJob second = create(request(training).hyperparameters(Hyperparameters.parse("4", null, null)).build());

    assertThat(second.job().id()).isEqualTo("ftjob-Created2");
    assertThat(server.jobCreations()).isEqualTo(2);
  }

  @Test
  void forceCreatesTheSecondJobAnyway() {
    create(request(training).build());

    CreatedJob forced = create(request(training).force(true).build());

    assertThat(forced.job().id()).isEqualTo("ftjob-Created2");
    assertThat(manifest.jobs()).hasSize(2);
  }

  @Test
  void aJobThatFailedSinceItWasRecordedDoesNotBlockTryingAgain() {
    server.nextJobScript(FakeFineTuningApi.Stage.of("queued"), FakeFineTuningApi.Stage.of("failed"));
    create(request(training).build());
    assertThat(manifest.job("ftjob-Created1").orElseThrow().status()).isEqualTo("queued");

    CreatedJob retry = create(request(training).build());

    assertThat(retry.job().id()).isEqualTo("ftjob-Created2");
    assertThat(manifest.job("ftjob-Created1").orElseThrow().status()).isEqualTo("failed");
  }

  @Test
  void aRecordedJobTheServerNoLongerKnowsDoesNotBlockANewOne() {
    create(request(training).build());
    server.forgetJob("ftjob-Created1");

    CreatedJob again = create(request(training).build());

    assertThat(again.job().id()).isEqualTo("ftjob-Created2");
  }

  @Test
  void aCrashBetweenUploadAndCreateResumesWithoutASecondUpload() {
    try (FineTuneClient client = client()) {
      client.upload(training);
    }
    // The process dies here; a new one runs the whole create command.

    CreatedJob created = create(request(training).build());

    assertThat(created.trainingUpload().orElseThrow().outcome()).isEqualTo(Upload.Outcome.REUSED);
    assertThat(server.uploads()).isEqualTo(1);
    assertThat(server.jobCreations()).isEqualTo(1);
  }

  @Test
  void aLostAnswerToTheCreationIsFoundOnTheServerInsteadOfCreatingASecondJob() {
    server.fault(FakeFineTuningApi.Fault.loseAnswer("POST", "/v1/fine_tuning/jobs"));

    CreatedJob created = create(request(training).build());

    assertThat(created.job().id()).isEqualTo("ftjob-Created1");
    assertThat(server.jobCreations()).isEqualTo(1);
    assertThat(server.jobCount()).isEqualTo(1);
    assertThat(manifest.read().pendingJobs()).isEmpty();
  }

  @Test
  void aCreationCutOffByACrashIsRecoveredByTheNextRunEvenOnAServerWithoutMetadata() {
    server.dropsMetadata(true);
    server.fault(FakeFineTuningApi.Fault.loseAnswer("POST", "/v1/fine_tuning/jobs"));
    for (int attempt = 0; attempt < 3; attempt++) {
      server.fault(FakeFineTuningApi.Fault.loseAnswer("GET", "/v1/fine_tuning/jobs"));
    }
    assertThatThrownBy(() -> create(request(training).build()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("could not tell whether the request to create the fine-tuning job went through");
    assertThat(manifest.read().pendingJobs()).hasSize(1);

    CreatedJob recovered = create(request(training).build());

    assertThat(recovered.recovered()).isTrue();
    assertThat(recovered.job().id()).isEqualTo("ftjob-Created1");
    assertThat(server.jobCreations()).isEqualTo(1);
    assertThat(server.uploads()).isEqualTo(1);
    assertThat(manifest.read().pendingJobs()).isEmpty();
    assertThat(manifest.jobs()).extracting(JobRecord::jobId).containsExactly("ftjob-Created1");
  }

  @Test
  void aServerErrorAfterWhichNoJobExistsIsRetriedOnce() {
    server.fault(FakeFineTuningApi.Fault.respond("POST", "/v1/fine_tuning/jobs", 500,
        Fixtures.error("The server had an error while processing your request.", null), Map.of()));

    CreatedJob created = create(request(training).build());

    assertThat(created.job().id()).isEqualTo("ftjob-Created1");
    assertThat(server.jobCreations()).isEqualTo(2);
    assertThat(server.jobCount()).isEqualTo(1);
    assertThat(time.pauses()).containsExactly(Duration.ofMillis(500));
  }

  @Test
  void aRateLimitedCreationWaitsForRetryAfterAndThenGivesUpWithAClearError() {
    for (int attempt = 0; attempt < 3; attempt++) {
      server.fault(FakeFineTuningApi.Fault.respond("POST", "/v1/fine_tuning/jobs", 429, Fixtures.tree("error-429.json"),
          Map.of("retry-after", "7")));
    }

    assertThatThrownBy(() -> create(request(training).build()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("still rate limiting after 2 retries while trying to create the fine-tuning job (HTTP 429)")
        .hasMessageContaining("Rate limit reached for gpt-3.5-turbo")
        .satisfies(error -> assertThat(((ModelException) error).kind()).isEqualTo(ModelException.Kind.RATE_LIMITED));
    assertThat(time.pauses()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
    assertThat(server.jobCount()).isZero();
  }

  @Test
  void aRefusedCreationShowsTheServersMessageAndLeavesNothingPending() {
    server.fault(FakeFineTuningApi.Fault.respond("POST", "/v1/fine_tuning/jobs", 400,
        Fixtures.error("Model gpt-2 is not available for fine-tuning or does not exist.", "model"), Map.of()));

    assertThatThrownBy(() -> create(request(training).model("gpt-2").build()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("refused to create the fine-tuning job (HTTP 400): Model gpt-2 is not available"
            + " for fine-tuning or does not exist. (parameter: model)");
    assertThat(manifest.read().pendingJobs()).isEmpty();
  }
}
