package org.emodu.intervention.core.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.mockwebserver.MockWebServer;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.Progress;
import org.emodu.intervention.core.chat.ChatMessage;
import org.emodu.intervention.core.chat.ChatRequest;
import org.emodu.intervention.testing.openai.FakeFineTuningApi;
import org.emodu.intervention.testing.openai.FakeFineTuningApi.Fault;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Batch API client against the fake: the online bodies, one upload and one batch however answers are lost. */
class ChatBatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ChatRequest REQUEST = new ChatRequest("gpt-4o-mini",
      List.of(ChatMessage.system("Kamu guru yang hangat."), ChatMessage.user("Nama: Budi\nEmosi: bosan")), 150, 0.7);

  @TempDir
  Path directory;

  private FakeFineTuningApi api;
  private ChatBatch batch;
  private final MemoryJournal journal = new MemoryJournal();
  private final List<Duration> waits = new ArrayList<>();

  @BeforeEach
  void start() {
    api = new FakeFineTuningApi(Clock.fixed(Instant.parse("2024-11-27T09:30:00Z"), ZoneOffset.UTC));
    batch = new ChatBatch(connection(api.baseUrl()), Duration.ofMinutes(1), waits::add);
  }

  @AfterEach
  void stop() throws IOException {
    batch.close();
    api.close();
  }

  private static OpenAiConnection connection(String baseUrl) {
    return OpenAiConnection.builder().apiKey(FakeFineTuningApi.API_KEY).baseUrl(baseUrl).maxRetries(0).build();
  }

  private List<ChatBatch.Line> lines() {
    return List.of(new ChatBatch.Line("a", REQUEST), new ChatBatch.Line("b", REQUEST));
  }

  @Test
  void eachLineCarriesTheBodyTheOnlineBackendSends() throws Exception {
    JsonNode online;
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(Fixtures.chatCompletion());
      server.start();
      try (OpenAiChatBackend backend = new OpenAiChatBackend(connection(server.url("/v1").toString()))) {
        backend.complete(REQUEST);
      }
      online = JSON.readTree(server.takeRequest().getBody().readUtf8());
    }

    BatchRecord record = batch.submit("experiment-base", lines(), directory.resolve("input.jsonl"), journal);

    List<String> input = Files.readAllLines(directory.resolve("input.jsonl"));
    assertThat(input).hasSize(2);
    JsonNode first = JSON.readTree(input.get(0));
    assertThat(first.path("custom_id").asText()).isEqualTo("a");
    assertThat(first.path("method").asText()).isEqualTo("POST");
    assertThat(first.path("url").asText()).isEqualTo("/v1/chat/completions");
    assertThat(first.path("body")).isEqualTo(online);
    assertThat(api.uploadedContent(record.inputFileId())).isEqualTo(Files.readString(directory.resolve("input.jsonl")));
    assertThat(api.filename(record.inputFileId())).matches("experiment-base\\.sha256-[0-9a-f]{16}\\.jsonl");
    assertThat(api.batchBodies().get(0).path("metadata").path("intervensi").asText()).isEqualTo("experiment-base");
    assertThat(journal.records).extracting(BatchRecord::created).containsExactly(false, true);
  }

  @Test
  void followsTheBatchWaitingBetweenLooksAndReadsEveryAnswer() throws Exception {
    BatchRecord record = batch.submit("experiment-base", lines(), directory.resolve("input.jsonl"), journal);

    ChatBatch.Result result = batch.collect(record, List.of("a", "b"), directory, journal, Progress.none());

    assertThat(result.status()).isEqualTo("completed");
    assertThat(result.replies()).containsOnlyKeys("a", "b");
    assertThat(result.replies().get("a").text()).isEqualTo(Fixtures.CHAT_COMPLETION_TEXT);
    assertThat(result.replies().get("a").usage().total()).isEqualTo(441);
    assertThat(result.failures()).isEmpty();
    assertThat(waits).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(1));
    assertThat(directory.resolve(record.batchId() + "-output.jsonl")).exists();
  }

  @Test
  void aSecondSubmitOfTheSameRequestsFollowsTheRecordedBatch() {
    BatchRecord first = batch.submit("experiment-base", lines(), directory.resolve("input.jsonl"), journal);
    int requests = api.requests().size();

    BatchRecord second = batch.submit("experiment-base", lines(), directory.resolve("input.jsonl"), journal);

    assertThat(second).isEqualTo(first);
    assertThat(api.requests()).hasSize(requests);
  }

  @Test
  void anUploadWhoseAnswerWasLostIsFoundByItsHashedNameNotSentAgain() {
    api.fault(Fault.loseAnswer("POST", "/v1/files"));

    BatchRecord record = batch.submit("experiment-base", lines(), directory.resolve("input.jsonl"), journal);

    assertThat(api.uploads()).isEqualTo(1);
    assertThat(record.inputFileId()).isEqualTo(api.fileIds().get(0));
    assertThat(api.batchCreations()).isEqualTo(1);
  }

  @Test
  void aBatchWhoseAnswerWasLostIsFoundByItsInputFileNotCreatedAgain() {
    api.fault(Fault.loseAnswer("POST", "/v1/batches"));

    BatchRecord record = batch.submit("experiment-base", lines(), directory.resolve("input.jsonl"), journal);

    assertThat(api.batchCreations()).isEqualTo(1);
    assertThat(record.batchId()).startsWith("batch_");
    assertThat(api.batchStatus(record.batchId())).isEqualTo("validating");
  }

  @Test
  void anUploadedInputWithoutItsBatchGetsOneOnTheNextSubmitWithoutAnotherUpload() {
    api.fault(Fault.respond("POST", "/v1/batches", 500, Fixtures.error("The server had an error", null), java.util.Map.of()));
    Throwable refused = catchThrowable(() -> batch.submit("experiment-base", lines(), directory.resolve("input.jsonl"), journal));
    assertThat(refused).isInstanceOf(ModelException.class);
    assertThat(journal.records).singleElement().satisfies(record -> assertThat(record.created()).isFalse());

    BatchRecord record = batch.submit("experiment-base", lines(), directory.resolve("input.jsonl"), journal);

    assertThat(api.uploads()).isEqualTo(1);
    assertThat(record.created()).isTrue();
  }

  @Test
  void aCancelledBatchGivesWhatItAnsweredAndANoticeTheRestAreFailures() throws Exception {
    api.nextBatchScript("in_progress", "cancelling", "cancelled");
    api.answeredBeforeExpiry(1);
    BatchRecord record = batch.submit("experiment-base", lines(), directory.resolve("input.jsonl"), journal);

    ChatBatch.Result result = batch.collect(record, List.of("a", "b"), directory, journal, Progress.none());

    assertThat(result.replies()).containsOnlyKeys("a");
    assertThat(result.failures().get("b")).hasMessageContaining("was not executed because the batch was cancelled");
    assertThat(result.notice()).hasValueSatisfying(notice -> assertThat(notice).contains("was cancelled: 1 of 2 answered"));
  }

  @Test
  void aFailedBatchIsRecordedAsCollectedSoTheNextSubmitCreatesANewOne() {
    api.nextBatchScript("validating", "failed");
    BatchRecord record = batch.submit("experiment-base", lines(), directory.resolve("input.jsonl"), journal);

    Throwable failed = catchThrowable(() -> batch.collect(record, List.of("a", "b"), directory, journal, Progress.none()));

    assertThat(failed).isInstanceOf(ModelException.class).hasMessageContaining("line 1: Line 1: the model 'gpt-unknown'");
    api.nextBatchScript("validating", "completed");
    BatchRecord next = batch.submit("experiment-base", lines(), directory.resolve("input.jsonl"), journal);
    assertThat(next.batchId()).isNotEqualTo(record.batchId());
    assertThat(api.uploads()).isEqualTo(1);
  }

  @Test
  void twoLinesUnderOneCustomIdAreRefusedBeforeAnythingIsSent() {
    Throwable refused = catchThrowable(() -> batch.submit("experiment-base",
        List.of(new ChatBatch.Line("a", REQUEST), new ChatBatch.Line("a", REQUEST)), directory.resolve("input.jsonl"), journal));

    assertThat(refused).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the custom id a is in the batch twice");
    assertThat(api.requests()).isEmpty();
  }

  private static final class MemoryJournal implements ChatBatch.Journal {
    final List<BatchRecord> records = new ArrayList<>();

    @Override
    public Optional<BatchRecord> find(String inputSha256) {
      for (int i = records.size() - 1; i >= 0; i--) {
        if (records.get(i).inputSha256().equals(inputSha256)) {
          return Optional.of(records.get(i));
        }
      }
      return Optional.empty();
    }

    @Override
    public void record(BatchRecord record) {
      records.add(record);
    }

    @Override
    public Set<String> collectedBatches() {
      Set<String> ids = new HashSet<>();
      records.stream().filter(BatchRecord::collected).forEach(record -> ids.add(record.batchId()));
      return ids;
    }
  }
}
