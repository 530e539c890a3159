package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.testing.openai.FakeFineTuningApi;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadTest {

  @TempDir
  Path directory;

  private final FakeTime time = new FakeTime();
  private FakeFineTuningApi server;
  private JobManifest manifest;

  @BeforeEach
  void start() {
    server = new FakeFineTuningApi(time);
    manifest = JobManifest.at(directory.resolve(".intervensi/finetune-manifest.json"));
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private FineTuneClient client(TrainingFileCheck check) {
    return FineTuneClient.builder(FakeConnections.to(server, time))
        .manifest(manifest).trainingFileCheck(check).clock(time).pause(time).build();
  }

  private FineTuneClient client() {
    return client(TrainingFileChecks.structural());
  }

  @Test
  void uploadsWithPurposeFineTuneAndRecordsTheContentHash() {
    Path training = TestFiles.training(directory, "train.jsonl", 3);

    Upload upload;
    try (FineTuneClient client = client()) {
      upload = client.upload(training);
    }

    assertThat(upload.outcome()).isEqualTo(Upload.Outcome.UPLOADED);
    assertThat(upload.fileId()).isEqualTo("file-Upload1");
    assertThat(server.uploadBodies().get(0))
        .contains("name=\"purpose\"\r\n", "fine-tune", "filename=\"train.sha256-", "Semangat ya Budi");
    assertThat(manifest.upload(Sha256.of(training))).hasValueSatisfying(recorded -> {
      assertThat(recorded.fileId()).isEqualTo("file-Upload1");
      assertThat(recorded.fileName()).isEqualTo("train.jsonl");
    });
    assertThat(manifest.read().pendingUploads()).isEmpty();
  }

  @Test
  void refusesAFileTheCheckRejectsListingEveryProblemWithoutSendingIt() {
    Path training = TestFiles.training(directory, "train.jsonl", 3);
    TrainingFileCheck strict = file -> List.of("line 2: the assistant message is missing", "line 3: 31 words, the limit is 25");

    try (FineTuneClient client = client(strict)) {
      assertThatThrownBy(() -> client.upload(training))
          .isInstanceOf(InvalidTrainingFileException.class)
          .hasMessageContaining("train.jsonl was not uploaded: the local check found 2 problems")
          .hasMessageContaining("\n  - line 2: the assistant message is missing")
          .hasMessageContaining("\n  - line 3: 31 words, the limit is 25")
          .satisfies(error -> assertThat(((InvalidTrainingFileException) error).problems()).hasSize(2));
    }
    assertThat(server.requests()).isEmpty();
    assertThat(Files.exists(manifest.file())).isFalse();
  }

  @Test
  void theStructuralCheckRefusesMissingEmptyAndWronglyNamedFiles() throws IOException {
    Path empty = Files.createFile(directory.resolve("empty.jsonl"));
    Path named = Files.writeString(directory.resolve("train.json"), TestFiles.EXAMPLE);
    TrainingFileCheck check = TrainingFileChecks.standard();

    assertThat(check.problems(directory.resolve("missing.jsonl"))).singleElement().asString().startsWith("no such file");
    assertThat(check.problems(empty)).singleElement().asString().contains("is empty", "FineTuningFileBuilder");
    assertThat(check.problems(named)).singleElement().asString().contains("*.jsonl");
    assertThat(check.problems(directory)).singleElement().asString().contains("not a regular file");
    assertThat(check.problems(TestFiles.training(directory, "ok.jsonl", 10))).isEmpty();
  }

  @Test
  void theStandardCheckValidatesTheContentByLine() throws IOException {
    Path broken = Files.writeString(directory.resolve("broken.jsonl"),
        TestFiles.EXAMPLE.repeat(10) + "{\"messages\": [{\"role\": \"wizard\", \"content\": \"hi\"}]}\n");

    List<String> problems = TrainingFileChecks.standard().problems(broken);

    assertThat(problems).isNotEmpty().anySatisfy(problem -> assertThat(problem).startsWith("line 11: "));
    assertThat(TrainingFileChecks.standard().problems(TestFiles.training(directory, "few.jsonl", 3)))
        .anySatisfy(problem -> assertThat(problem).contains("too_few_examples"));
  }

  @Test
  void aChainedCheckRunsOnlyWhenTheStructuralOneFindsNothing() {
    List<Path> seen = new java.util.ArrayList<>();
    TrainingFileCheck thorough = file -> {
      seen.add(file);
      return List.of("line 1: not chat format");
    };
    TrainingFileCheck chained = TrainingFileChecks.structural().andThen(thorough);

    assertThat(chained.problems(directory.resolve("missing.jsonl"))).singleElement().asString().startsWith("no such file");
    assertThat(seen).isEmpty();
    assertThat(chained.problems(TestFiles.training(directory, "train.jsonl", 1))).containsExactly("line 1: not chat format");
  }

  @Test
  void uploadingTheSameContentAgainReusesTheFileIdWithoutASecondUpload() throws IOException {
    Path training = TestFiles.training(directory, "train.jsonl", 3);
    Path copy = Files.copy(training, directory.resolve("copy-of-train.jsonl"));

    try (FineTuneClient client = client()) {
      client.upload(training);
    }
    Upload again;
    try (FineTuneClient client = client()) {
      again = client.upload(copy);
    }

    assertThat(again.outcome()).isEqualTo(Upload.Outcome.REUSED);
    assertThat(again.fileId()).isEqualTo("file-Upload1");
    assertThat(again.describe()).contains("already uploaded as file-Upload1");
    assertThat(server.uploads()).isEqualTo(1);
  }

  @Test
  void uploadsAgainWhenTheServerNoLongerHasTheRecordedFile() {
    Path training = TestFiles.training(directory, "train.jsonl", 3);
    try (FineTuneClient client = client()) {
      client.upload(training);
      server.deleteFile("file-Upload1");

      Upload again = client.upload(training);

      assertThat(again.outcome()).isEqualTo(Upload.Outcome.REPLACED);
      assertThat(again.fileId()).isEqualTo("file-Upload2");
    }
    assertThat(manifest.upload(Sha256.of(training)).orElseThrow().fileId()).isEqualTo("file-Upload2");
  }

  @Test
  void waitsWithBackoffUntilTheServerHasProcessedTheFile() {
    server.uploadStatuses("uploaded", "uploaded", "uploaded", "processed");
    Path training = TestFiles.training(directory, "train.jsonl", 3);

    try (FineTuneClient client = client()) {
      client.upload(training);
    }

    assertThat(server.count("GET", "/v1/files/file-Upload1")).isEqualTo(3);
    assertThat(time.pauses()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void theServersDetailsOfAFailedProcessingAreShortenedAndEscapedInTheMessage() {
    server.uploadStatuses("uploaded", "error");
    server.statusDetails("Line 3:\u001B[2J\u001B]0;owned\u0007 bad\n" + "x".repeat(5_000));
    Path training = TestFiles.training(directory, "train.jsonl", 3);

    try (FineTuneClient client = client()) {
      assertThatThrownBy(() -> client.upload(training))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("could not process train.jsonl (file-Upload1): Line 3:\\u001B[2J\\u001B]0;owned\\u0007 bad xxx")
          .hasMessageNotContaining("\u001B").hasMessageNotContaining("\n")
          .satisfies(error -> assertThat(error.getMessage()).hasSizeLessThan(600));
    }
  }

  @Test
  void aFileTheServerCannotProcessFailsWithItsDetailsAndIsForgotten() {
    server.uploadStatuses("uploaded", "error");
    Path training = TestFiles.training(directory, "train.jsonl", 3);

    try (FineTuneClient client = client()) {
      assertThatThrownBy(() -> client.upload(training))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("could not process train.jsonl (file-Upload1): Line 3: missing the assistant message");
    }
    assertThat(manifest.upload(Sha256.of(training))).isEmpty();
  }

  @Test
  void anAnswerLostAfterTheServerStoredTheFileIsFoundInsteadOfUploadingAgain() {
    server.fault(FakeFineTuningApi.Fault.loseAnswer("POST", "/v1/files"));
    Path training = TestFiles.training(directory, "train.jsonl", 3);

    Upload upload;
    try (FineTuneClient client = client()) {
      upload = client.upload(training);
    }

    assertThat(upload.fileId()).isEqualTo("file-Upload1");
    assertThat(server.uploads()).isEqualTo(1);
    assertThat(server.fileIds()).containsExactly("file-Upload1");
    assertThat(manifest.upload(Sha256.of(training))).isPresent();
  }

  @Test
  void anUploadCutOffByACrashIsRecoveredByTheNextRun() {
    Path training = TestFiles.training(directory, "train.jsonl", 3);
    server.fault(FakeFineTuningApi.Fault.loseAnswer("POST", "/v1/files"));
    // The first run dies with the upload in flight: the answer is lost and so is the search for it.
    for (int attempt = 0; attempt < 3; attempt++) {
      server.fault(FakeFineTuningApi.Fault.loseAnswer("GET", "/v1/files"));
    }
    try (FineTuneClient client = client()) {
      assertThatThrownBy(() -> client.upload(training))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("could not tell whether the request to upload train.jsonl went through")
          .hasMessageContaining("running the same command again finds its result instead of paying twice");
    }
    assertThat(manifest.read().pendingUploads()).containsKey(Sha256.of(training));

    Upload recovered;
    try (FineTuneClient client = client()) {
      recovered = client.upload(training);
    }

    assertThat(recovered.outcome()).isEqualTo(Upload.Outcome.RECOVERED);
    assertThat(recovered.fileId()).isEqualTo("file-Upload1");
    assertThat(server.uploads()).isEqualTo(1);
    assertThat(manifest.read().pendingUploads()).isEmpty();
  }

  @Test
  void theNameSentCarriesAShortContentHashAndMessagesKeepTheLocalName() {
    Path training = TestFiles.training(directory, "train.jsonl", 3);
    String hash = Sha256.of(training);

    Upload upload;
    try (FineTuneClient client = client()) {
      upload = client.upload(training);
    }

    assertThat(server.filename("file-Upload1")).isEqualTo("train.sha256-" + hash.substring(0, 16) + ".jsonl");
    assertThat(upload.describe()).startsWith("uploaded train.jsonl (");
    assertThat(manifest.upload(hash).orElseThrow().fileName()).isEqualTo("train.jsonl");
  }

  @Test
  void aFileOfTheSameNameAndSizeFromSomeoneElseIsNeverAdoptedAfterAFailedAnswer() {
    Path training = TestFiles.training(directory, "train.jsonl", 3);
    byte[] theirs = TestFiles.EXAMPLE.replace("Budi", "Sari").repeat(3).getBytes(StandardCharsets.UTF_8);
    assertThat(theirs).hasSize((int) training.toFile().length());
    server.addFile("file-Teammate1", "train.jsonl", theirs);
    server.addFile("file-Teammate2", "train.sha256-0123456789abcdef.jsonl", theirs);
    // The server failed and stored nothing; the lookup before sending again must not take their files for ours.
    server.fault(FakeFineTuningApi.Fault.respond("POST", "/v1/files", 500, Fixtures.error("The server had an error", null),
        Map.of()));

    Upload upload;
    try (FineTuneClient client = client()) {
      upload = client.upload(training);
    }

    assertThat(upload.fileId()).isEqualTo("file-Upload1");
    assertThat(upload.outcome()).isEqualTo(Upload.Outcome.UPLOADED);
    assertThat(server.uploads()).isEqualTo(2);
    assertThat(manifest.upload(Sha256.of(training)).orElseThrow().fileId()).isEqualTo("file-Upload1");
  }

  @Test
  void anUploadCutOffBeforeNamesCarriedTheHashIsSentAgainSayingSo() {
    Path training = TestFiles.training(directory, "train.jsonl", 3);
    String hash = Sha256.of(training);
    // What an earlier version left in flight: the file went up under its bare name, which proves nothing.
    manifest.update(content -> content.withPendingUpload(
        new PendingUpload(hash, "train.jsonl", training.toFile().length(), time.instant(), Optional.empty())));
    server.addFile("file-Teammate1", "train.jsonl", TestFiles.EXAMPLE.replace("Budi", "Sari").repeat(3)
        .getBytes(StandardCharsets.UTF_8));

    Upload upload;
    try (FineTuneClient client = client()) {
      upload = client.upload(training);
    }

    assertThat(upload.outcome()).isEqualTo(Upload.Outcome.RESENT);
    assertThat(upload.fileId()).isEqualTo("file-Upload1");
    assertThat(upload.describe()).isEqualTo("an earlier upload of train.jsonl was cut off and no file on the server is"
        + " provably it; uploaded it anew as file-Upload1 (if the earlier one did arrive, it is a spare copy you may delete)");
    assertThat(server.uploads()).isEqualTo(1);
    assertThat(manifest.read().pendingUploads()).isEmpty();
  }

  @Test
  void aServerThatDoesNotListFilesGetsAClearMessageAndTheNextRunUploadsAnew() {
    server.listsFiles(false);
    server.fault(FakeFineTuningApi.Fault.loseAnswer("POST", "/v1/files"));
    Path training = TestFiles.training(directory, "train.jsonl", 3);

    try (FineTuneClient client = client()) {
      assertThatThrownBy(() -> client.upload(training))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("could not tell whether the request to upload train.jsonl went through")
          .hasMessageContaining("does not list uploaded files (GET /files answered HTTP 404)")
          .hasMessageContaining("running the same command again uploads train.jsonl anew")
          .satisfies(error -> assertThat(error.getMessage()).doesNotContain("OPENAI_MODEL", "paying twice"));
    }
    assertThat(manifest.read().pendingUploads()).containsKey(Sha256.of(training));

    Upload again;
    try (FineTuneClient client = client()) {
      again = client.upload(training);
    }

    assertThat(again.outcome()).isEqualTo(Upload.Outcome.RESENT_UNCHECKED);
    assertThat(again.fileId()).isEqualTo("file-Upload2");
    assertThat(again.describe()).contains("the server does not list its files", "cannot be checked",
        "uploaded it anew as file-Upload2");
    assertThat(manifest.read().pendingUploads()).isEmpty();
    assertThat(manifest.upload(Sha256.of(training)).orElseThrow().fileId()).isEqualTo("file-Upload2");
  }

  @Test
  void aServerAnswering405ToFileListingIsTakenAsNotListingFiles() {
    Path training = TestFiles.training(directory, "train.jsonl", 3);
    String hash = Sha256.of(training);
    manifest.update(content -> content.withPendingUpload(new PendingUpload(hash, "train.jsonl",
        training.toFile().length(), time.instant(), Optional.of(UploadName.of("train.jsonl", hash)))));
    server.fault(FakeFineTuningApi.Fault.respond("GET", "/v1/files", 405, Fixtures.error("Method Not Allowed", null), Map.of()));

    Upload upload;
    try (FineTuneClient client = client()) {
      upload = client.upload(training);
    }

    assertThat(upload.outcome()).isEqualTo(Upload.Outcome.RESENT_UNCHECKED);
    assertThat(upload.fileId()).isEqualTo("file-Upload1");
  }

  @Test
  void aRefusedUploadShowsTheServersMessageAndParameterAndLeavesNothingPending() {
    server.fault(FakeFineTuningApi.Fault.respond("POST", "/v1/files", 400, Fixtures.tree("error-400.json"), Map.of()));
    Path training = TestFiles.training(directory, "train.jsonl", 3);

    try (FineTuneClient client = client()) {
      assertThatThrownBy(() -> client.upload(training))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("refused to upload train.jsonl (HTTP 400): Invalid file format for Fine-Tuning API. Must be .jsonl"
              + " (parameter: file)");
    }
    assertThat(manifest.read().pendingUploads()).isEmpty();
    assertThat(manifest.read().files()).isEmpty();
  }

  @Test
  void aRejectedKeyIsReportedWithoutEchoingIt() {
    server.fault(FakeFineTuningApi.Fault.respond("POST", "/v1/files", 401, Fixtures.tree("error-401.json"), Map.of()));
    Path training = TestFiles.training(directory, "train.jsonl", 3);

    try (FineTuneClient client = client()) {
      assertThatThrownBy(() -> client.upload(training))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("API key rejected by")
          .hasMessageContaining("check OPENAI_API_KEY")
          .satisfies(error -> assertThat(error.getMessage()).doesNotContain("sk-", FakeFineTuningApi.API_KEY, "abcd"));
    }
  }

  @Test
  void aRateLimitedUploadIsSentAgainAfterTheServersRetryAfter() {
    server.fault(FakeFineTuningApi.Fault.respond("POST", "/v1/files", 429, Fixtures.tree("error-429.json"),
        Map.of("retry-after", "3")));
    Path training = TestFiles.training(directory, "train.jsonl", 3);

    try (FineTuneClient client = client()) {
      client.upload(training);
    }

    assertThat(time.pauses()).containsExactly(Duration.ofSeconds(3));
    assertThat(server.uploads()).isEqualTo(2);
    assertThat(server.fileIds()).containsExactly("file-Upload1");
  }
}
