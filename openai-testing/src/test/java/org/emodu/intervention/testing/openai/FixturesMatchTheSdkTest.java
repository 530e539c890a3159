package org.emodu.intervention.testing.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.models.ErrorObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileListPageResponse;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.JobListEventsPageResponse;
import com.openai.models.finetuning.jobs.JobListPageResponse;
import com.openai.models.finetuning.jobs.checkpoints.CheckpointListPageResponse;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The response shapes the tests answer with are the API's: every JSON fixture parses into the SDK's
 * model class it stands for and passes its validation, which fails on any field the SDK requires and
 * cannot find; the one CSV fixture has the result file's columns; and the shapes the fake builds
 * without a fixture are complete too.
 */
class FixturesMatchTheSdkTest {

  /** The SDK class each JSON fixture stands for; an error body's class is that of its {@code error}. */
  private static final Map<String, Class<?>> MODEL_CLASSES = modelClasses();

  private static Map<String, Class<?>> modelClasses() {
    Map<String, Class<?>> classes = new LinkedHashMap<>();
    classes.put(Fixtures.CHAT_COMPLETION, ChatCompletion.class);
    classes.put("error-400.json", ErrorObject.class);
    classes.put("error-401.json", ErrorObject.class);
    classes.put("error-429.json", ErrorObject.class);
    classes.put(Fixtures.FILE_UPLOADED, FileObject.class);
    for (String status : List.of("queued", "running", "succeeded", "failed", "cancelled")) {
      classes.put("job-" + status + ".json", FineTuningJob.class);
    }
    classes.put(Fixtures.JOBS_LIST, JobListPageResponse.class);
    classes.put(Fixtures.JOB_EVENTS, JobListEventsPageResponse.class);
    classes.put(Fixtures.JOB_CHECKPOINTS, CheckpointListPageResponse.class);
    classes.put(Fixtures.BATCH_COMPLETED, com.openai.models.batches.Batch.class);
    return classes;
  }

  static Stream<String> jsonFixtures() {
    return Fixtures.NAMES.stream().filter(name -> name.endsWith(".json"));
  }

  @ParameterizedTest
  @MethodSource("jsonFixtures")
  void everyJsonFixtureIsACompleteInstanceOfTheSdkClassItStandsFor(String name) throws Exception {
    Class<?> type = MODEL_CLASSES.get(name);
    assertThat(type).as("the SDK class for " + name).isNotNull();
    JsonNode body = ObjectMappers.jsonMapper().readTree(Fixtures.body(name));
    Object model = ObjectMappers.jsonMapper().treeToValue(name.startsWith("error-") ? body.get("error") : body, type);

    type.getMethod("validate").invoke(model);

    assertThat((Boolean) type.getMethod("isValid").invoke(model)).isTrue();
  }

  @Test
  void everyFixtureBesideTheAccessorIsListedAndChecked() throws IOException, URISyntaxException {
    Path directory = Path.of(Fixtures.class.getResource(Fixtures.CHAT_COMPLETION).toURI()).getParent();
    List<String> stored;
    try (Stream<Path> files = Files.list(directory)) {
      stored = files.map(file -> file.getFileName().toString()).filter(file -> !file.endsWith(".class")).sorted().toList();
    }

    assertThat(stored).containsExactlyInAnyOrderElementsOf(Fixtures.NAMES);
    assertThat(MODEL_CLASSES.keySet()).containsExactlyInAnyOrderElementsOf(jsonFixtures().toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"job-queued.json", "job-running.json", "job-succeeded.json", "job-failed.json", "job-cancelled.json"})
  void jobFixturesAreCompleteFineTuningJobs(String name) throws IOException {
    FineTuningJob job = ObjectMappers.jsonMapper().readValue(Fixtures.body(name), FineTuningJob.class);

    assertThat(job.validate().status().asString()).isEqualTo(name.replace("job-", "").replace(".json", ""));
    assertThat(job.hyperparameters().nEpochs().orElseThrow().asInteger()).isEqualTo(3);
    assertThat(job.hyperparameters().batchSize().orElseThrow().asInteger()).isEqualTo(1);
  }

  @Test
  void failedJobFixtureCarriesCodeMessageAndParameter() throws IOException {
    FineTuningJob job = ObjectMappers.jsonMapper().readValue(Fixtures.body("job-failed.json"), FineTuningJob.class);

    FineTuningJob.Error error = job.validate().error().orElseThrow();

    assertThat(error.code()).isEqualTo("invalid_training_file");
    assertThat(error.param()).contains("training_file");
    assertThat(error.message()).contains("Line 17: each example must have an assistant message");
  }

  @Test
  void listFixturesAreCompletePages() throws IOException {
    var mapper = ObjectMappers.jsonMapper();
    assertThat(mapper.readValue(Fixtures.body("jobs-list.json"), JobListPageResponse.class).validate().data())
        .hasSize(1);
    assertThat(mapper.readValue(Fixtures.body("job-events.json"), JobListEventsPageResponse.class)
        .validate().data()).hasSize(5);
    assertThat(mapper.readValue(Fixtures.body("job-checkpoints.json"), CheckpointListPageResponse.class)
        .validate().data()).hasSize(2);
    assertThat(mapper.readValue(Fixtures.body("file-uploaded.json"), FileObject.class).validate().purpose().asString())
        .isEqualTo("fine-tune");
  }

  @Test
  void chatCompletionFixtureCarriesTheAnswerAndItsUsage() throws IOException {
    ChatCompletion completion = ObjectMappers.jsonMapper().readValue(Fixtures.body(Fixtures.CHAT_COMPLETION), ChatCompletion.class);

    assertThat(completion.validate().choices().get(0).message().content()).contains(Fixtures.CHAT_COMPLETION_TEXT);
    assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(441);
  }

  @Test
  void chatCompletionWithOtherContentIsStillComplete() throws IOException {
    String body = Fixtures.chatCompletion("Semangat, Budi! 💪").getBody().readUtf8();

    ChatCompletion completion = ObjectMappers.jsonMapper().readValue(body, ChatCompletion.class).validate();

    assertThat(completion.choices().get(0).message().content()).contains("Semangat, Budi! 💪");
  }

  @Test
  void builtErrorBodiesAreCompleteErrorObjects() throws IOException {
    JsonNode body = Fixtures.error("The server had an error", null);

    ErrorObject error = ObjectMappers.jsonMapper().treeToValue(body.get("error"), ErrorObject.class).validate();

    assertThat(error.message()).isEqualTo("The server had an error");
    assertThat(error.param()).isEmpty();
  }

  @Test
  void rateLimitedAnswersCarryRetryAfterAndTheRateLimitHeaders() {
    var response = Fixtures.rateLimited(2);

    assertThat(response.getStatus()).isEqualTo("HTTP/1.1 429 Client Error");
    assertThat(response.getHeaders().get("retry-after")).isEqualTo("2");
    assertThat(response.getHeaders().get("x-ratelimit-reset-requests")).isEqualTo("2s");
    assertThat(response.getBody().readUtf8()).isEqualTo(Fixtures.body("error-429.json"));
  }

  @Test
  void metricsFixtureHasTheResultFileColumnsAndAValueForEveryStep() {
    List<String> lines = Fixtures.body(Fixtures.RESULT_METRICS).lines().toList();

    assertThat(lines.get(0)).isEqualTo("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy");
    assertThat(lines.subList(1, lines.size())).hasSize(384)
        .allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(5));
  }

  @Test
  void fakeServerShapesThatHaveNoFixtureAreCompleteToo(@TempDir Path directory) throws IOException {
    Path training = Files.writeString(directory.resolve("train.jsonl"), "{\"messages\": []}\n", StandardCharsets.UTF_8);
    Clock clock = Clock.fixed(Instant.parse("2024-11-27T09:30:00Z"), ZoneOffset.UTC);
    try (FakeFineTuningApi server = new FakeFineTuningApi(clock)) {
      OpenAIClient sdk = OpenAIOkHttpClient.builder().apiKey(FakeFineTuningApi.API_KEY).baseUrl(server.baseUrl()).build();
      sdk.files().create(FileCreateParams.builder().file(training).purpose(FilePurpose.FINE_TUNE).build());
      FileListPageResponse page = sdk.files().list().response();

      assertThat(page.validate().data()).extracting(FileObject::filename).containsExactly("train.jsonl");
      assertThat(page.data().get(0).bytes()).isEqualTo(Files.size(training));
      sdk.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.BATCH_OUTPUT, Fixtures.BATCH_ERRORS})
  void batchResultLinesCarryTheirIdAndAnAnswerOrAnError(String name) throws IOException {
    var mapper = ObjectMappers.jsonMapper();
    for (String text : Fixtures.body(name).lines().toList()) {
      JsonNode line = mapper.readTree(text);

      assertThat(line.path("id").asText()).startsWith("batch_req_");
      assertThat(line.path("custom_id").isTextual()).isTrue();
      JsonNode response = line.path("response");
      if (response.path("status_code").asInt() == 200) {
        assertThat(mapper.treeToValue(response.path("body"), ChatCompletion.class).validate().choices()).hasSize(1);
        assertThat(line.path("error").isNull()).isTrue();
      } else if (response.isObject()) {
        assertThat(mapper.treeToValue(response.path("body").path("error"), ErrorObject.class).validate().message()).isNotBlank();
      } else {
        assertThat(line.path("error").path("code").asText()).isEqualTo("batch_expired");
      }
    }
  }

  @Test
  void completedBatchFixtureCountsItsRequestsAndNamesItsFiles() throws IOException {
    var batch = ObjectMappers.jsonMapper().readValue(Fixtures.body(Fixtures.BATCH_COMPLETED), com.openai.models.batches.Batch.class)
        .validate();

    assertThat(batch.status().asString()).isEqualTo("completed");
    assertThat(batch.requestCounts().orElseThrow().total()).isEqualTo(280);
    assertThat(batch.outputFileId()).isPresent();
    assertThat(batch.errorFileId()).isPresent();
  }
}
