package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.emodu.intervention.testing.openai.FakeFineTuningApi.Stage;
import static org.emodu.intervention.testing.openai.FakeFineTuningApi.message;
import static org.emodu.intervention.testing.openai.FakeFineTuningApi.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.testing.openai.FakeFineTuningApi;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowTest {

  private static final String JOB = "ftjob-Fq3wErTyUiOpAsDfGhJkL";
  private static final PollPolicy POLICY =
      new PollPolicy(Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0, Duration.ofMinutes(10));

  @TempDir
  Path directory;

  private final FakeTime time = new FakeTime();
  private final RecordingListener listener = new RecordingListener();
  private FakeFineTuningApi server;

  @BeforeEach
  void start() {
    server = new FakeFineTuningApi(time);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private FineTuneClient client(int pageSize) {
    return FineTuneClient.builder(FakeConnections.to(server, time))
        .manifest(JobManifest.at(directory.resolve("manifest.json")))
        .clock(time).pause(time).pollPolicy(POLICY).pageSize(pageSize).build();
  }

  private JobSnapshot follow(int pageSize) {
    try (FineTuneClient client = client(pageSize)) {
      return client.follow(JOB, listener);
    }
  }

  @Test
  void followsQueuedRunningSucceededPrintingEachEventOnceOldestFirstAcrossPages() {
    server.addJob(JOB,
        Stage.of("queued", message("Created fine-tuning job"), message("Validating training file")),
        Stage.of("running", message("Files validated"), message("Fine-tuning job started"), metrics(1, 6, 2.7)),
        Stage.of("running"),
        Stage.of("running", metrics(2, 6, 2.1), metrics(3, 6, 1.6), metrics(4, 6, 1.2), metrics(5, 6, 0.9), metrics(6, 6, 0.7)),
        Stage.succeeded("file-Resu1tMetr1csCsv000", message("New fine-tuned model created"),
            message("The job has successfully completed")));

    JobSnapshot done = follow(2);

    assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(done.fineTunedModel()).contains("ft:gpt-3.5-turbo-0125:example-org:intervensi:AbC123dE");
    assertThat(listener.messages()).containsExactly(
        "Created fine-tuning job", "Validating training file", "Files validated", "Fine-tuning job started",
        "Step 1/6: training loss=2.7", "Step 2/6: training loss=2.1", "Step 3/6: training loss=1.6",
        "Step 4/6: training loss=1.2", "Step 5/6: training loss=0.9", "Step 6/6: training loss=0.7",
        "New fine-tuned model created", "The job has successfully completed");
    assertThat(new HashSet<>(listener.events)).hasSameSizeAs(listener.events);
    assertThat(listener.events).isSortedAccordingTo((first, second) -> first.createdAt().compareTo(second.createdAt()));
    assertThat(listener.statuses).containsExactly("queued", "running", "succeeded");
    assertThat(listener.progress).containsExactly("1/6", "2/6", "3/6", "4/6", "5/6", "6/6");
    assertThat(server.count("GET", "/v1/fine_tuning/jobs/" + JOB + "/events")).isGreaterThan(5);
  }

  @Test
  void pollsWithBackoffWhileNothingHappensAndStartsOverWhenEventsArrive() {
    server.addJob(JOB,
        Stage.of("running", message("Fine-tuning job started")),
        Stage.of("running"), Stage.of("running"), Stage.of("running"), Stage.of("running"), Stage.of("running"),
        Stage.of("running", metrics(1, 2, 1.0)),
        Stage.succeeded("file-Resu1tMetr1csCsv000"));

    follow(100);

    assertThat(time.pauses()).containsExactly(
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
        Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(5));
  }

  @Test
  void aFailedJobEndsWithItsErrorCodeMessageAndParameter() {
    server.addJob(JOB, Stage.of("validating_files", message("Validating training file")), Stage.of("failed",
        message("The job failed due to an invalid training file.")));

    JobSnapshot done = follow(100);

    assertThat(done.status()).isEqualTo(JobStatus.FAILED);
    assertThat(done.error()).hasValueSatisfying(error -> assertThat(error.describe()).isEqualTo(
        "invalid_training_file: The job failed due to an invalid training file. Line 17: each example must have an"
            + " assistant message. (parameter: training_file)"));
    assertThat(listener.statuses).containsExactly("validating_files", "failed");
  }

  @Test
  void aCancelledJobEndsCancelled() {
    server.addJob(JOB, Stage.of("running"), Stage.of("cancelled", message("Fine-tuning job cancelled")));

    assertThat(follow(100).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(listener.messages()).containsExactly("Fine-tuning job cancelled");
  }

  @Test
  void aRateLimitDuringFollowIsWaitedOutAsTheServersRetryAfterSays() {
    server.addJob(JOB, Stage.of("running", message("Fine-tuning job started")), Stage.succeeded("file-Resu1tMetr1csCsv000"));
    server.fault(FakeFineTuningApi.Fault.respond("GET", "/v1/fine_tuning/jobs/" + JOB, 429, Fixtures.tree("error-429.json"),
        Map.of("retry-after", "7", "x-ratelimit-limit-requests", "3500", "x-ratelimit-remaining-requests", "0")));

    JobSnapshot done = follow(100);

    assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
    // Waited out by the client, on its pause, before the poll's first wait.
    assertThat(time.pauses().get(0)).isEqualTo(Duration.ofSeconds(7));
    assertThat(time.sdkSleeps()).isEmpty();
    assertThat(listener.troubles).isEmpty();
    assertThat(listener.messages()).containsExactly("Fine-tuning job started");
  }

  @Test
  void aNetworkOutageIsRiddenOutWithBackoffAndNoEventIsLostOrRepeated() {
    server.addJob(JOB,
        Stage.of("running", message("Fine-tuning job started"), metrics(1, 3, 2.0)),
        Stage.of("running", metrics(2, 3, 1.5)),
        Stage.succeeded("file-Resu1tMetr1csCsv000", metrics(3, 3, 1.0), message("The job has successfully completed")));
    int[] polls = {0};
    time.onPause(() -> {
      // The waits between polls, not the retries' backoffs of a second or less within one poll.
      if (time.pauses().get(time.pauses().size() - 1).compareTo(POLICY.initial()) >= 0) {
        polls[0]++;
        // Down during the second and third waits, back for the rest.
        server.unreachable(polls[0] == 1 || polls[0] == 2);
      }
    });

    JobSnapshot done = follow(100);

    assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(listener.troubles).hasSize(2).allSatisfy(problem -> assertThat(problem).startsWith("cannot reach localhost"));
    assertThat(listener.retries).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20));
    assertThat(listener.messages()).containsExactly("Fine-tuning job started", "Step 1/3: training loss=2.0",
        "Step 2/3: training loss=1.5", "Step 3/3: training loss=1.0", "The job has successfully completed");
  }

  @Test
  void aLongOutageEndsFollowingWithHowLongItLastedAndTheJobLeftRunning() {
    server.addJob(JOB, Stage.of("running", message("Fine-tuning job started")));
    time.onPause(() -> server.unreachable(true));

    assertThatThrownBy(() -> follow(100))
        .isInstanceOf(FollowAbandonedException.class)
        .hasMessageStartingWith("stopped following " + JOB + ": no answer for 10m")
        .hasMessageContaining("the job keeps running on the server")
        .satisfies(error -> {
          FollowAbandonedException abandoned = (FollowAbandonedException) error;
          assertThat(abandoned.jobId()).isEqualTo(JOB);
          assertThat(abandoned.unreachableFor()).isGreaterThanOrEqualTo(POLICY.giveUpAfter());
        });
    assertThat(listener.retries).isSortedAccordingTo(Duration::compareTo).last().isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void anUnknownJobFailsAtOnceNamingTheServersMessage() {
    try (FineTuneClient client = client(100)) {
      assertThatThrownBy(() -> client.follow("ftjob-DoesNotExist", listener))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("(HTTP 404): Could not find fine-tuning job ftjob-DoesNotExist");
    }
    assertThat(time.pauses()).isEmpty();
  }

  @Test
  void followingUpdatesTheManifestsRecordOfAKnownJob() {
    Path training = TestFiles.training(directory, "train.jsonl", 10);
    server.nextJobScript(Stage.of("queued"), Stage.of("running"), Stage.succeeded("file-Resu1tMetr1csCsv000"));
    try (FineTuneClient client = client(100)) {
      String id = client.create(JobRequest.builder(FileReference.ofPath(training)).build()).job().id();

      client.follow(id, listener);

      JobRecord record = client.manifest().job(id).orElseThrow();
      assertThat(record.status()).isEqualTo("succeeded");
      assertThat(record.fineTunedModel()).contains("ft:gpt-3.5-turbo-0125:example-org:intervensi:AbC123dE");
    }
  }
}
