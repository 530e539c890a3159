package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.log.InteractionLog;
import org.emodu.intervention.core.log.InteractionRecord;
import org.emodu.intervention.evaluation.experiment.ExperimentManifest;
import org.emodu.intervention.evaluation.experiment.ExperimentSummary;
import org.emodu.intervention.evaluation.experiment.ProfileSummary;
import org.emodu.intervention.testing.openai.FakeFineTuningApi;
import org.emodu.intervention.testing.openai.FakeFineTuningApi.Fault;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code experiment run --batch} against a stand-in of the files and batches endpoints: the same logs
 * and summary as the online run, a restart that follows the batch it created, and batches or lines
 * that fail recorded as failures.
 */
class ExperimentBatchCommandTest {

  private static final String MODEL = "gpt-3.5-turbo-0125";
  private static final String EVALUATION_SET = """
      {"username":"Budi","emotion":"bosan","reinforcement":"positive","arcs":"attention","classname":"XII-IPA-1","subject":"Fisika","reference":"Hai Budi, yuk fokus lagi ke Fisika, seru kok! 😄"}
      {"username":"Sari","emotion":"bingung","reinforcement":"positive","arcs":"confidence","classname":"X-2","subject":"Matematika","reference":"Sari, pelan-pelan aja, kamu pasti bisa Matematika! 💪"}
      {"username":"Andi","emotion":"sedih","reinforcement":"negative","arcs":"relevance","classname":"XI-1","subject":"Biologi","reference":"Andi, Biologi dekat sama hidupmu lho, semangat ya! 🌱"}
      """;

  @TempDir
  Path directory;

  private FakeFineTuningApi api;
  private Path evaluationSet;

  private record Run(int code, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    api = new FakeFineTuningApi(Clock.fixed(Instant.parse("2024-11-27T09:30:00Z"), ZoneOffset.UTC));
    evaluationSet = Files.writeString(directory.resolve("eval.jsonl"), EVALUATION_SET);
  }

  @AfterEach
  void stop() throws IOException {
    api.close();
  }

  private Map<String, String> settings(String baseUrl) {
    Map<String, String> settings = new HashMap<>();
    settings.put(Settings.OPENAI_API_KEY, FakeFineTuningApi.API_KEY);
    settings.put(Settings.OPENAI_BASE_URL, baseUrl);
    settings.put(Settings.OPENAI_MODEL, MODEL);
    settings.put(Settings.MAX_RETRIES, "0");
    return settings;
  }

  private Run run(Map<String, String> settings, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), () -> Settings.of(settings));
    return new Run(code, out.toString(), err.toString());
  }

  private Run batch(Path out, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("experiment", "run", "--eval-set", evaluationSet.toString(),
        "--profiles", "base", "--repeat", "2", "--out", out.toString(), "--batch", "--poll-interval", "0"));
    args.addAll(List.of(more));
    return run(settings(api.baseUrl()), args.toArray(String[]::new));
  }

  @Test
  void aBatchRunLogsAndSummarisesWhatTheOnlineRunDoes() throws Exception {
    Path online = directory.resolve("online");
    try (MockWebServer chat = new MockWebServer()) {
      chat.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          return Fixtures.chatCompletion();
        }
      });
      chat.start();
      Run asked = run(settings(chat.url("/v1").toString()), "experiment", "run", "--eval-set", evaluationSet.toString(),
          "--profiles", "base", "--repeat", "2", "--out", online.toString());
      assertThat(asked.code()).as(asked.err()).isZero();
      assertThat(chat.getRequestCount()).isEqualTo(6);
    }
    Path batched = directory.resolve("batched");

    Run run = batch(batched);

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).contains("through the Batch API");
    assertThat(run.out()).startsWith("base       6 answered, 0 failed; BERTScore P 0.");
    assertThat(api.uploads()).isEqualTo(1);
    assertThat(api.batchCreations()).isEqualTo(1);
    assertThat(api.batchBodies().get(0).path("endpoint").asText()).isEqualTo("/v1/chat/completions");
    assertThat(api.batchBodies().get(0).path("completion_window").asText()).isEqualTo("24h");
    List<InteractionRecord> onlineLog = InteractionLog.read(online.resolve("base/interactions.jsonl"));
    List<InteractionRecord> batchLog = InteractionLog.read(batched.resolve("base/interactions.jsonl"));
    assertThat(batchLog).hasSameSizeAs(onlineLog);
    for (int i = 0; i < onlineLog.size(); i++) {
      InteractionRecord expected = onlineLog.get(i);
      InteractionRecord actual = batchLog.stream().filter(record -> record.requestId().equals(expected.requestId()))
          .findFirst().orElseThrow();
      assertThat(actual.text()).isEqualTo(expected.text());
      assertThat(actual.usage()).isEqualTo(expected.usage());
      assertThat(actual.generator()).isEqualTo(expected.generator());
      assertThat(actual.model()).isEqualTo(expected.model());
      assertThat(actual.request()).isEqualTo(expected.request());
      assertThat(actual.repairs()).isEqualTo(expected.repairs());
      assertThat(actual.violations()).isEqualTo(expected.violations());
      assertThat(actual.error()).isEqualTo(expected.error());
    }
    ProfileSummary onlineSummary = ExperimentSummary.read(online).profiles().get(0);
    ProfileSummary batchSummary = ExperimentSummary.read(batched).profiles().get(0);
    assertThat(batchSummary.generations()).isEqualTo(onlineSummary.generations());
    assertThat(batchSummary.failed()).isEqualTo(onlineSummary.failed());
    assertThat(batchSummary.bertScoreMean()).isEqualTo(onlineSummary.bertScoreMean());
    assertThat(batchSummary.promptTokens()).isEqualTo(onlineSummary.promptTokens());
    assertThat(batchSummary.completionTokens()).isEqualTo(onlineSummary.completionTokens());
    assertThat(batchSummary.compliance()).isEqualTo(onlineSummary.compliance());
    assertThat(batched.resolve("base/batch-input.jsonl")).exists();
    String input = Files.readString(batched.resolve("base/batch-input.jsonl"));
    assertThat(input.lines()).hasSize(6).allSatisfy(line -> assertThat(line)
        .contains("\"method\":\"POST\"", "\"url\":\"/v1/chat/completions\"", "\"model\":\"" + MODEL + "\""));
    assertThat(input).contains("\"custom_id\":\"base:");
    assertThat(ExperimentManifest.read(batched).batches()).singleElement()
        .satisfies(batch -> assertThat(batch.batch().collected()).isTrue());
  }

  @Test
  void aRestartFollowsTheBatchItCreatedWithoutUploadingOrCreatingAnother() throws Exception {
    Path out = directory.resolve("experiment");
    api.fault(Fault.respond("GET", "/v1/batches/[^/]+", 500, Fixtures.error("The server had an error", null), Map.of()));

    Run stopped = batch(out);

    assertThat(stopped.code()).isEqualTo(1);
    assertThat(stopped.err()).contains("the batch stays recorded").doesNotContain("Exception");
    assertThat(ExperimentManifest.read(out).batches()).singleElement()
        .satisfies(batch -> assertThat(batch.batch().batchId()).startsWith("batch_"));

    Run resumed = batch(out);

    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(api.uploads()).isEqualTo(1);
    assertThat(api.batchCreations()).isEqualTo(1);
    assertThat(InteractionLog.read(out.resolve("base/interactions.jsonl"))).hasSize(6)
        .allSatisfy(record -> assertThat(record.succeeded()).isTrue());

    Run again = batch(out);

    assertThat(again.code()).as(again.err()).isZero();
    assertThat(api.batchCreations()).isEqualTo(1);
    assertThat(ExperimentSummary.read(out).profiles().get(0).resumed()).isEqualTo(6);
  }

  @Test
  void aFailedBatchSaysWhyAndTheNextRunCreatesANewOne() throws Exception {
    Path out = directory.resolve("experiment");
    api.nextBatchScript("validating", "failed");
    api.batchFailure("Line 1: The model 'gpt-3.5-turbo-0125' does not exist or you do not have access to it.");

    Run failed = batch(out);

    assertThat(failed.code()).isEqualTo(1);
    assertThat(failed.err()).contains("failed while the server validated its input file")
        .contains("line 1: Line 1: The model 'gpt-3.5-turbo-0125' does not exist").contains("(model_not_found)")
        .contains("nothing was answered or charged");
    assertThat(out.resolve("base/interactions.jsonl")).content().isEmpty();

    api.nextBatchScript("validating", "completed");
    Run retried = batch(out);

    assertThat(retried.code()).as(retried.err()).isZero();
    assertThat(api.batchCreations()).isEqualTo(2);
    assertThat(api.uploads()).isEqualTo(1);
  }

  @Test
  void anExpiredBatchAndErrorLinesAreRecordedAsFailedGenerations() throws Exception {
    Path out = directory.resolve("experiment");
    api.nextBatchScript("in_progress", "expired");
    api.answeredBeforeExpiry(4);
    api.failBatchLine("base:" + firstItemId() + "#1", 500);

    Run run = batch(out);

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("base       3 answered, 3 failed;");
    assertThat(run.err()).contains("3 generation(s) failed")
        .contains("base: 2 x the batch ").contains("did not run this request: This request could not be executed before"
            + " the completion window expired. (batch_expired)");
    List<InteractionRecord> log = InteractionLog.read(out.resolve("base/interactions.jsonl"));
    assertThat(log).hasSize(6);
    assertThat(log).filteredOn(record -> !record.succeeded()).extracting(record -> record.error().orElseThrow())
        .anySatisfy(error -> assertThat(error).contains("refused to generate with the model " + MODEL)
            .contains("(HTTP 500)"))
        .anySatisfy(error -> assertThat(error).contains("could not be executed before the completion window expired")
            .contains("batch_expired"));
    assertThat(log).filteredOn(record -> !record.succeeded())
        .allSatisfy(record -> assertThat(record.usage().total()).isZero());
    assertThat(ExperimentSummary.read(out).profiles().get(0).failed()).isEqualTo(3);
  }

  private String firstItemId() throws IOException {
    return org.emodu.intervention.evaluation.experiment.EvaluationSet.read(evaluationSet).get(0).id();
  }
}
