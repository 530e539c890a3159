package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.finetune.Pause;
import org.emodu.intervention.testing.openai.FakeFineTuningApi;
import org.emodu.intervention.testing.openai.FakeFineTuningApi.Fault;
import org.emodu.intervention.testing.openai.FakeFineTuningApi.Stage;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FinetuneCommandTest {

  /** The job the fixtures describe. */
  private static final String JOB = "ftjob-Fq3wErTyUiOpAsDfGhJkL";
  private static final String RESULT_FILE = "file-Resu1tMetr1csCsv000";

  private static final String TRAINING_LINE = "{\"messages\": [{\"role\": \"user\", \"content\": \"Username: Budi\"},"
      + " {\"role\": \"assistant\", \"content\": \"Semangat ya Budi! \uD83D\uDCAA\"}]}\n";

  @TempDir
  Path directory;

  private FakeFineTuningApi server;
  private final FakeClock clock = new FakeClock();
  private final Map<String, String> settings = new HashMap<>();
  private Path training;

  @BeforeEach
  void start() throws IOException {
    server = new FakeFineTuningApi(clock);
    // Like some compatible servers, this one has no GET /files: listing files answers 404.
    server.listsFiles(false);
    server.createdJobIds(JOB);
    server.content(RESULT_FILE, Fixtures.bytes(Fixtures.RESULT_METRICS));
    jobGoesThrough("succeeded");
    settings.put(Settings.OPENAI_API_KEY, FakeFineTuningApi.API_KEY);
    settings.put(Settings.OPENAI_BASE_URL, server.baseUrl());
    settings.put(Settings.MAX_RETRIES, "0");
    settings.put("INTERVENSI_FINETUNE_MANIFEST", directory.resolve("manifest.json").toString());
    training = Files.writeString(directory.resolve("train.jsonl"), TRAINING_LINE.repeat(10), StandardCharsets.UTF_8);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  /** The fixtures' job, with their events, going through {@code statuses}: one more per status request, then the last. */
  private void jobGoesThrough(String... statuses) {
    Stage[] stages = new Stage[statuses.length];
    for (int i = 0; i < statuses.length; i++) {
      stages[i] = i == 0 ? Stage.of(statuses[i], FakeFineTuningApi.fixtureEvents()) : Stage.of(statuses[i]);
    }
    server.addJob(JOB, stages);
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == FinetuneCommand.class) {
          return type.cast(new FinetuneCommand(clock, clock));
        }
        return CommandLine.defaultFactory().create(type);
      }
    };
    CommandLine commandLine = Main.commandLine(new Main(() -> Settings.of(settings)), factory);
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    commandLine.setExecutionExceptionHandler(new Failures());
    commandLine.setParameterExceptionHandler(Failures::parameterError);
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  record Run(int code, String out, String err) {}

  @Test
  void uploadPrintsTheFileIdAndASecondUploadReusesIt() {
    Run first = run("finetune", "upload", training.toString());
    Run second = run("finetune", "upload", training.toString());

    assertThat(first.code()).isZero();
    assertThat(first.out()).isEqualTo("file-Upload1" + System.lineSeparator());
    assertThat(first.err()).contains("uploaded train.jsonl (");
    assertThat(second.out()).isEqualTo("file-Upload1" + System.lineSeparator());
    assertThat(second.err()).contains("already uploaded as file-Upload1");
    assertThat(server.count("POST", "/v1/files")).isEqualTo(1);
  }

  @Test
  void aMissingApiKeyExitsTwoNamingIt() {
    settings.remove(Settings.OPENAI_API_KEY);

    Run run = run("finetune", "upload", training.toString());

    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("fine-tuning needs OPENAI_API_KEY, which is not set").doesNotContain("Exception");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void anEmptyTrainingFileIsRefusedBeforeAnythingIsSent() throws IOException {
    Path empty = Files.createFile(directory.resolve("empty.jsonl"));

    Run run = run("finetune", "upload", empty.toString());

    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("empty.jsonl was not uploaded: the local check found 1 problem", "is empty",
        "build it with: intervensi dataset build");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aTrainingFileInAnotherEncodingIsRefusedNamingTheLineBeforeAnythingIsSent() throws IOException {
    byte[] latin1 = (TRAINING_LINE.repeat(3) + TRAINING_LINE.replace("Budi", "B\u00E9di") + TRAINING_LINE.repeat(6))
        .getBytes(StandardCharsets.ISO_8859_1);
    Path file = Files.write(directory.resolve("latin.jsonl"), latin1);

    Run run = run("finetune", "upload", file.toString());

    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("latin.jsonl was not uploaded: the local check found", "line 4: invalid_utf8: not"
        + " UTF-8: byte 55 of the line (offset ", "is 0xE9, which does not begin or continue a UTF-8 character");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void createPrintsTheJobIdAndRefusesTheSameJobTwiceUnlessForced() {
    Run first = run("finetune", "create", "--training-file", training.toString(), "--suffix", "intervensi", "--epochs", "3");
    Run second = run("finetune", "create", "--training-file", training.toString(), "--suffix", "intervensi", "--epochs", "3");
    Run forced = run("finetune", "create", "--training-file", training.toString(), "--suffix", "intervensi", "--epochs", "3",
        "--force");

    assertThat(first.code()).isZero();
    assertThat(first.out()).isEqualTo(JOB + System.lineSeparator());
    assertThat(first.err()).contains("created " + JOB + " (queued)",
        "follow it with: intervensi finetune follow " + JOB);
    assertThat(second.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(second.out()).isEmpty();
    assertThat(second.err()).contains("already exists: " + JOB, "pass --force to create another");
    assertThat(forced.code()).isZero();
    assertThat(server.count("POST", "/v1/files")).isEqualTo(1);
    assertThat(server.count("POST", "/v1/fine_tuning/jobs")).isEqualTo(2);
  }

  @Test
  void anUploadCutOffOnAServerWithoutFileListingStopsClearlyAndTheNextRunUploadsAnew() {
    server.fault(Fault.loseAnswer("POST", "/v1/files"));

    Run first = run("finetune", "create", "--training-file", training.toString());
    Run second = run("finetune", "create", "--training-file", training.toString());

    assertThat(first.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(first.err()).contains("could not tell whether the request to upload train.jsonl went through",
        "does not list uploaded files (GET /files answered HTTP 404)",
        "running the same command again uploads train.jsonl anew")
        .doesNotContain("OPENAI_MODEL", "Exception", "\tat ");
    assertThat(second.code()).isZero();
    assertThat(second.err()).contains("the server does not list its files, so whether it arrived cannot be checked;"
        + " uploaded it anew as file-Upload2", "created " + JOB);
    assertThat(second.out()).isEqualTo(JOB + System.lineSeparator());
    assertThat(server.count("POST", "/v1/files")).isEqualTo(2);
    assertThat(server.count("POST", "/v1/fine_tuning/jobs")).isEqualTo(1);
  }

  @Test
  void badHyperparametersExitTwoNamingTheOption() {
    Run run = run("finetune", "create", "--training-file", training.toString(), "--epochs", "0");

    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--epochs must be auto or a whole number from 1 to 50, got '0'");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void followPrintsTheEventsInOrderAndEndsWithTheLineToUseTheModel() {
    jobGoesThrough("queued", "running", "succeeded");

    Run run = run("finetune", "follow", JOB, "--no-progress");

    assertThat(run.code()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0)).endsWith("Validating training file: file-7Qm2XyZaBcDeFgHiJkLmNo");
    assertThat(lines.get(4)).endsWith("The job has successfully completed");
    assertThat(lines.get(5)).isEqualTo("OPENAI_FINE_TUNED_MODEL=ft:gpt-3.5-turbo-0125:example-org:intervensi:AbC123dE");
    assertThat(run.err()).contains("status: queued", "status: running", "status: succeeded", "--profile finetuned");
    assertThat(clock.pauses).isNotEmpty();
  }

  @Test
  void followOfAFailedJobExitsOneWithItsErrorCodeMessageAndParameter() {
    jobGoesThrough("failed");

    Run run = run("finetune", "follow", JOB, "--no-progress");

    assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).contains(JOB + " failed: invalid_training_file: The job failed due to an invalid"
        + " training file. Line 17: each example must have an assistant message. (parameter: training_file)");
  }

  @Test
  void followWithAnEnvFileSetsTheModelThereKeepingEveryOtherLine() throws IOException {
    jobGoesThrough("queued", "running", "succeeded");
    Path env = Files.writeString(directory.resolve("job.env"), "# settings\nOPENAI_MODEL=gpt-4o-mini\nOPENAI_FINE_TUNED_MODEL=ft:old\n");

    Run run = run("finetune", "follow", JOB, "--no-progress", "--env-file", env.toString());

    assertThat(run.code()).isZero();
    assertThat(Files.readString(env)).isEqualTo("# settings\nOPENAI_MODEL=gpt-4o-mini\n"
        + "OPENAI_FINE_TUNED_MODEL=ft:gpt-3.5-turbo-0125:example-org:intervensi:AbC123dE\n");
    assertThat(run.out().lines().reduce((first, second) -> second))
        .hasValue("OPENAI_FINE_TUNED_MODEL=ft:gpt-3.5-turbo-0125:example-org:intervensi:AbC123dE");
    assertThat(run.err()).contains("set OPENAI_FINE_TUNED_MODEL in " + env);
  }

  @Test
  void followOfAFailedOrCancelledJobLeavesTheEnvFileAsItWas() throws IOException {
    String content = "OPENAI_MODEL=gpt-4o-mini\n";
    Path env = Files.writeString(directory.resolve("job.env"), content);
    jobGoesThrough("failed");

    Run failed = run("finetune", "follow", JOB, "--no-progress", "--env-file", env.toString());

    assertThat(failed.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(Files.readString(env)).isEqualTo(content);
    assertThat(failed.out()).doesNotContain("OPENAI_FINE_TUNED_MODEL");
  }

  @Test
  void followRefusesAMalformedEnvFileBeforeFollowingNamingTheLine() throws IOException {
    Path env = Files.writeString(directory.resolve("job.env"), "OPENAI_MODEL=gpt\n2026-12-01T20:03:30Z info  The job failed\n");

    Run run = run("finetune", "follow", JOB, "--no-progress", "--env-file", env.toString());

    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("line 2 is not of the form NAME=value");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void followOfACancelledJobExitsFour() {
    jobGoesThrough("cancelled");

    Run run = run("finetune", "follow", JOB, "--no-progress");

    assertThat(run.code()).isEqualTo(4);
    assertThat(run.err()).contains("was cancelled");
  }

  @Test
  void followWithTheServerGoneExitsThreeSayingHowToResume() throws IOException {
    server.close();

    Run run = run("finetune", "follow", JOB, "--no-progress", "--give-up-after", "2");

    assertThat(run.code()).isEqualTo(FinetuneCommand.FOLLOW_STOPPED);
    assertThat(run.err()).contains("stopped following " + JOB + ": no answer for 2m",
        "asking again in", "resume with: intervensi finetune follow " + JOB);
  }

  @Test
  void aStatusRequestThatTimesOutIsSentOnceAndExitsOneSayingSo() {
    settings.put(Settings.MAX_RETRIES, "2");
    settings.put(Settings.TIMEOUT_MS, "300");
    for (int i = 0; i < 3; i++) {
      server.fault(Fault.hang("GET", ".*"));
    }

    Run run = run("finetune", "status", JOB);

    assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).contains("did not answer within 300 ms while trying to read job " + JOB
        + "; a request that timed out is not sent again").doesNotContain("tried again");
    assertThat(server.count("GET", "/v1/fine_tuning/jobs/" + JOB)).as("requests that reached the server")
        .isOne();
  }

  @Test
  void giveUpAfterTakesDurationsWithUnits() throws IOException {
    server.close();

    Run seconds = run("finetune", "follow", JOB, "--no-progress", "--give-up-after", "90s");
    Run iso = run("finetune", "follow", JOB, "--no-progress", "--give-up-after", "PT90S");
    Run hours = run("finetune", "follow", JOB, "--no-progress", "--give-up-after", "1h");

    assertThat(seconds.code()).isEqualTo(FinetuneCommand.FOLLOW_STOPPED);
    assertThat(seconds.err()).contains("no answer for 1m ");
    assertThat(iso.code()).isEqualTo(FinetuneCommand.FOLLOW_STOPPED);
    assertThat(iso.err()).contains("no answer for 1m ");
    assertThat(hours.code()).isEqualTo(FinetuneCommand.FOLLOW_STOPPED);
    assertThat(hours.err()).contains("no answer for 1h ");
  }

  @Test
  void giveUpAfterRefusesOtherTextNamingTheFlagAndTheFormsAccepted() {
    Run words = run("finetune", "follow", JOB, "--give-up-after", "soon");
    Run tooLong = run("finetune", "follow", JOB, "--give-up-after", "25h");
    Run zero = run("finetune", "follow", JOB, "--give-up-after", "0");

    assertThat(words.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(words.err()).contains("--give-up-after 'soon' is not a duration; write a number of minutes (15),"
        + " a number with a unit (90s, 2m, 1h, or together: 1h30m) or ISO-8601 (PT90S)").doesNotContain("Exception");
    assertThat(tooLong.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(tooLong.err()).contains("--give-up-after must be from 1s to 24h, got '25h'");
    assertThat(zero.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(zero.err()).contains("--give-up-after must be longer than zero, got '0'");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void anUnknownJobShowsTheServersMessageAndExitsOne() {
    Run run = run("finetune", "status", "ftjob-Nope");

    assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).contains("(HTTP 404): Could not find fine-tuning job ftjob-Nope (parameter: id)");
  }

  @Test
  void statusListCancelAndCheckpointsPrintWhatTheServerSays() {
    Run status = run("finetune", "status", JOB);
    Run json = run("finetune", "status", JOB, "--json");
    Run list = run("finetune", "list");
    Run checkpoints = run("finetune", "checkpoints", JOB);

    assertThat(status.out()).contains("status            succeeded",
        "fine-tuned model  ft:gpt-3.5-turbo-0125:example-org:intervensi:AbC123dE",
        "hyperparameters   batch_size=1, learning_rate_multiplier=2.0, n_epochs=3");
    assertThat(json.out()).startsWith("{\"id\":\"" + JOB + "\"").contains("\"status\":\"succeeded\"");
    assertThat(list.out()).contains("JOB", JOB, "succeeded");
    assertThat(checkpoints.out()).contains("256", "384", "0.4100", "ckpt-step-384");
  }

  @Test
  void cancelOfARunningJobPrintsItsNewStatus() {
    jobGoesThrough("running");

    Run run = run("finetune", "cancel", JOB);

    assertThat(run.code()).isZero();
    assertThat(run.out()).isEqualTo(JOB + " cancelled" + System.lineSeparator());
  }

  @Test
  void metricsWritesTheResultFileAndTheTidyCsvAndRefusesToOverwrite() throws IOException {
    Path out = directory.resolve("results");

    Run first = run("finetune", "metrics", JOB, "--out", out.toString());
    Run again = run("finetune", "metrics", JOB, "--out", out.toString());

    assertThat(first.code()).isZero();
    assertThat(first.out()).contains("steps             384", "best valid loss   0.54259 (step 352)");
    assertThat(Files.readAllLines(out.resolve(JOB + "-metrics.csv")).get(0))
        .isEqualTo("job_id,step,split,metric,value");
    assertThat(out.resolve("file-Resu1tMetr1csCsv000.csv")).exists();
    assertThat(again.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(again.err()).contains("already exists", "--force");
  }

  @Test
  void theManifestOptionWorksAfterTheSubcommand() {
    Path elsewhere = directory.resolve("elsewhere/manifest.json");

    Run run = run("finetune", "upload", training.toString(), "--manifest", elsewhere.toString());

    assertThat(run.code()).isZero();
    assertThat(elsewhere).exists();
    assertThat(directory.resolve("manifest.json")).doesNotExist();
  }

  @Test
  void aDamagedManifestExitsOneSayingWhereAndHowToGoOnWithoutSendingAnything() throws IOException {
    Path manifest = Files.writeString(directory.resolve("manifest.json"), "{\n  \"version\" : 1,\n  \"files\" : {\n");

    Run run = run("finetune", "upload", training.toString());

    assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).startsWith("intervensi: the fine-tuning manifest " + manifest + " is damaged: line 4, column 1:"
            + " the document ends inside an object opened at line 3, column 13 (a } is missing).")
        .contains("or move it aside (rename it to manifest.json.damaged, say)")
        .doesNotContain("Source").doesNotContain("StreamReadFeature").doesNotContain("Exception");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(server.requests()).isEmpty();
  }

  /** A clock that moves only when the command pauses. */
  static final class FakeClock extends Clock implements Pause {
    private Instant now = Instant.parse("2024-11-27T09:30:00Z");
    final List<Duration> pauses = new ArrayList<>();

    @Override
    public void pause(Duration duration) {
      pauses.add(duration);
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
