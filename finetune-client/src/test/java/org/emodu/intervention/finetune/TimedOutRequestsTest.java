package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.emodu.intervention.testing.openai.FakeFineTuningApi.Stage;
import static org.emodu.intervention.testing.openai.FakeFineTuningApi.message;

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

/**
 * What reaches the server when a fine-tuning request gets no answer within the timeout: it is sent
 * once, never again, whatever its kind; a paid one is looked for on the server once. The server lets
 * the request hang; the client's timeout (300 ms) ends the attempt.
 */
class TimedOutRequestsTest {

  private static final String JOB = "ftjob-Fq3wErTyUiOpAsDfGhJkL";
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  @TempDir
  Path directory;

  private final FakeTime time = new FakeTime();
  private FakeFineTuningApi server;
  private JobManifest manifest;
  private String host;

  @BeforeEach
  void start() {
    server = new FakeFineTuningApi(time);
    manifest = JobManifest.at(directory.resolve("manifest.json"));
    host = FakeConnections.to(server, time).host();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private FineTuneClient client() {
    return FineTuneClient.builder(FakeConnections.to(server, time, TIMEOUT))
        .manifest(manifest).trainingFileCheck(TrainingFileChecks.structural()).clock(time).pause(time)
        .pollPolicy(new PollPolicy(Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0, Duration.ofMinutes(10)))
        .build();
  }

  private void hangThreeTimes(String method, String pathRegex) {
    for (int i = 0; i < 3; i++) {
      server.fault(FakeFineTuningApi.Fault.hang(method, pathRegex));
    }
  }

  @Test
  void aTimedOutReadIsSentOnceAndTheMessageSaysItWasNotSentAgain() {
    server.addJob(JOB, Stage.of("running"));
    hangThreeTimes("GET", "/v1/fine_tuning/jobs/" + JOB);

    ModelException error;
    try (FineTuneClient client = client()) {
      error = catchThrowableOfType(ModelException.class, () -> client.status(JOB));
    }

    assertThat(error.kind()).isEqualTo(ModelException.Kind.TIMEOUT);
    assertThat(error).hasMessage(host + " did not answer within 300 ms while trying to read job " + JOB + "; a request"
        + " that timed out is not sent again (one that took that long once usually does again); raise"
        + " INTERVENSI_TIMEOUT_MS or check the server");
    assertThat(server.count("GET", "/v1/fine_tuning/jobs/" + JOB)).as("requests that reached the server").isOne();
    assertThat(time.pauses()).isEmpty();
    assertThat(time.sdkSleeps()).isEmpty();
  }

  @Test
  void aReadThatTimesOutAfterARetriedFailureSaysWhichAttemptItWas() {
    server.addJob(JOB, Stage.of("running"));
    server.fault(FakeFineTuningApi.Fault.respond("GET", "/v1/fine_tuning/jobs/" + JOB, 503,
        Fixtures.error("The server is overloaded", null), Map.of()));
    hangThreeTimes("GET", "/v1/fine_tuning/jobs/" + JOB);

    ModelException error;
    try (FineTuneClient client = client()) {
      error = catchThrowableOfType(ModelException.class, () -> client.status(JOB));
    }

    assertThat(error).hasMessageStartingWith(host + " did not answer within 300 ms while trying to read job " + JOB
        + " (on attempt 2: the one before failed and was retried); a request that timed out is not sent again");
    assertThat(server.count("GET", "/v1/fine_tuning/jobs/" + JOB)).isEqualTo(2);
    assertThat(time.pauses()).containsExactly(Duration.ofMillis(500));
  }

  @Test
  void serverErrorsAndLostConnectionsOfReadsAreStillRetried() {
    server.addJob(JOB, Stage.of("running"));
    server.fault(FakeFineTuningApi.Fault.respond("GET", "/v1/fine_tuning/jobs/" + JOB, 503,
        Fixtures.error("The server is overloaded", null), Map.of()));
    server.fault(FakeFineTuningApi.Fault.loseAnswer("GET", "/v1/fine_tuning/jobs/" + JOB));

    JobSnapshot job;
    try (FineTuneClient client = client()) {
      job = client.status(JOB);
    }

    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(server.count("GET", "/v1/fine_tuning/jobs/" + JOB)).isEqualTo(3);
    assertThat(time.pauses()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void followReportsATimedOutPollAndAsksAgainOnlyAtItsNextPoll() {
    server.addJob(JOB, Stage.of("running", message("Fine-tuning job started")), Stage.succeeded("file-Resu1tMetr1csCsv000"));
    server.fault(FakeFineTuningApi.Fault.hang("GET", "/v1/fine_tuning/jobs/" + JOB));
    RecordingListener listener = new RecordingListener();

    JobSnapshot done;
    try (FineTuneClient client = client()) {
      done = client.follow(JOB, listener);
    }

    assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(listener.troubles).containsExactly(host + " did not answer within 300 ms while trying to read job " + JOB
        + "; a request that timed out is not sent again (one that took that long once usually does again); raise"
        + " INTERVENSI_TIMEOUT_MS or check the server");
    assertThat(listener.retries).containsExactly(Duration.ofSeconds(10));
    // The hung poll, then the two that saw the job run and succeed.
    assertThat(server.count("GET", "/v1/fine_tuning/jobs/" + JOB)).isEqualTo(3);
  }

  @Test
  void aDownloadWhoseBodyOutlastsTheTimeoutIsNotSentAgain() {
    String result = "file-Resu1tMetr1csCsv000";
    server.addJob(JOB, Stage.succeeded(result));
    server.content(result, "step,train_loss\n1,2.5\n2,2.0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (int i = 0; i < 3; i++) {
      server.fault(FakeFineTuningApi.Fault.slowBody("GET", "/v1/files/" + result + "/content"));
    }

    ModelException error;
    try (FineTuneClient client = client()) {
      error = catchThrowableOfType(ModelException.class, () -> client.metrics(JOB, directory.resolve("out"), false));
    }

    assertThat(error).hasMessage(host + " did not answer within 300 ms while trying to download the result file " + result
        + "; a request that timed out is not sent again (one that took that long once usually does again); raise"
        + " INTERVENSI_TIMEOUT_MS or check the server");
    assertThat(server.count("GET", "/v1/files/" + result + "/content")).isOne();
    assertThat(directory.resolve("out")).doesNotExist();
  }

  @Test
  void aTimedOutUploadIsLookedForOnceNotSentAgainAndTheNextRunSendsIt() {
    Path training = TestFiles.training(directory, "train.jsonl", 3);
    hangThreeTimes("POST", "/v1/files");

    ModelException error;
    try (FineTuneClient client = client()) {
      error = catchThrowableOfType(ModelException.class, () -> client.upload(training));
    }

    assertThat(error.kind()).isEqualTo(ModelException.Kind.TIMEOUT);
    assertThat(error).hasMessage(host + " did not answer within 300 ms while trying to upload train.jsonl; no file on"
        + " the server is provably this upload yet, and it was not sent again: a file that took that long to send"
        + " once usually does again, and the server may still be taking it in. The attempt stays recorded in "
        + manifest.file() + ": raise INTERVENSI_TIMEOUT_MS (the whole upload of " + TestFiles.EXAMPLE.getBytes(
            java.nio.charset.StandardCharsets.UTF_8).length * 3 + " bytes must fit in it) and run the same command"
        + " again; it looks for this upload first and sends the file only if it did not arrive");
    assertThat(server.uploads()).as("uploads that reached the server").isOne();
    assertThat(server.count("GET", "/v1/files")).as("looks for it").isOne();
    assertThat(server.fileIds()).isEmpty();
    assertThat(manifest.read().pendingUploads()).hasSize(1);
    assertThat(time.pauses()).isEmpty();

    server.clearFaults();
    Upload again;
    try (FineTuneClient client = client()) {
      again = client.upload(training);
    }

    assertThat(again.outcome()).isEqualTo(Upload.Outcome.RESENT);
    assertThat(server.uploads()).isEqualTo(2);
    assertThat(manifest.read().pendingUploads()).isEmpty();
  }

  @Test
  void aTimedOutUploadThatArrivedIsAdoptedWithoutSendingItAgain() {
    Path training = TestFiles.training(directory, "train.jsonl", 3);
    server.fault(FakeFineTuningApi.Fault.hangAfterWork("POST", "/v1/files"));

    Upload upload;
    try (FineTuneClient client = client()) {
      upload = client.upload(training);
    }

    assertThat(upload.fileId()).isEqualTo("file-Upload1");
    assertThat(server.uploads()).isOne();
    assertThat(manifest.upload(upload.sha256())).isPresent();
    assertThat(manifest.read().pendingUploads()).isEmpty();
  }

  @Test
  void aTimedOutJobCreationIsLookedForOnceAndNeverSentAgainSoNoSecondJobIsBilled() {
    String trainingFile = server.addFile("file-Train", "train.jsonl", new byte[] {1, 2, 3});
    hangThreeTimes("POST", "/v1/fine_tuning/jobs");

    ModelException error;
    try (FineTuneClient client = client()) {
      error = catchThrowableOfType(ModelException.class,
          () -> client.create(JobRequest.builder(FileReference.ofId(trainingFile)).build()));
    }

    assertThat(error.kind()).isEqualTo(ModelException.Kind.TIMEOUT);
    assertThat(error).hasMessage(host + " did not answer within 300 ms while trying to create the fine-tuning job; the"
        + " server lists no job from this request yet, and it was not sent again: the server may still be creating the"
        + " job, and a second request could start, and bill, a second one. The request stays recorded in "
        + manifest.file() + ": run the same command again in a few minutes; it adopts the job if the server created"
        + " it and creates one only if not");
    assertThat(server.jobCreations()).as("creations that reached the server").isOne();
    assertThat(server.count("GET", "/v1/fine_tuning/jobs")).as("looks for it").isOne();
    assertThat(server.jobCount()).isZero();
    assertThat(manifest.read().pendingJobs()).hasSize(1);

    server.clearFaults();
    CreatedJob created;
    try (FineTuneClient client = client()) {
      created = client.create(JobRequest.builder(FileReference.ofId(trainingFile)).build());
    }

    assertThat(created.job().id()).isEqualTo("ftjob-Created1");
    assertThat(server.jobCreations()).isEqualTo(2);
    assertThat(server.jobCount()).isOne();
  }

  @Test
  void aTimedOutJobCreationThatTheServerCarriedOutIsAdopted() {
    String trainingFile = server.addFile("file-Train", "train.jsonl", new byte[] {1, 2, 3});
    server.fault(FakeFineTuningApi.Fault.hangAfterWork("POST", "/v1/fine_tuning/jobs"));

    CreatedJob created;
    try (FineTuneClient client = client()) {
      created = client.create(JobRequest.builder(FileReference.ofId(trainingFile)).build());
    }

    assertThat(created.job().id()).isEqualTo("ftjob-Created1");
    assertThat(server.jobCreations()).isOne();
    assertThat(server.jobCount()).isOne();
    assertThat(manifest.read().pendingJobs()).isEmpty();
  }
}
