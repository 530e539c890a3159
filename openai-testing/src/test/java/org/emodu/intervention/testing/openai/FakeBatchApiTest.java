package org.emodu.intervention.testing.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake's batches answer the real SDK in the API's shapes and move through their scripted statuses. */
class FakeBatchApiTest {

  private static final String INPUT = """
      {"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hai"}]}}
      {"custom_id":"b","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Halo"}]}}
      """;

  @TempDir
  Path directory;

  private FakeFineTuningApi server;
  private OpenAIClient sdk;

  @BeforeEach
  void start() {
    server = new FakeFineTuningApi(Clock.fixed(Instant.parse("2024-11-27T09:30:00Z"), ZoneOffset.UTC));
    sdk = OpenAIOkHttpClient.builder().apiKey(FakeFineTuningApi.API_KEY).baseUrl(server.baseUrl()).maxRetries(0).build();
  }

  @AfterEach
  void stop() throws IOException {
    sdk.close();
    server.close();
  }

  @Test
  void batchGoesThroughItsStatusesAndAnswersEveryLineInTheOutputFile() throws IOException {
    Batch created = create();

    assertThat(created.validate().status().asString()).isEqualTo("validating");
    assertThat(sdk.batches().retrieve(created.id()).status().asString()).isEqualTo("in_progress");
    assertThat(sdk.batches().retrieve(created.id()).status().asString()).isEqualTo("finalizing");
    Batch done = sdk.batches().retrieve(created.id()).validate();

    assertThat(done.status().asString()).isEqualTo("completed");
    assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(2);
    assertThat(done.errorFileId()).isEmpty();
    List<String> lines = content(done.outputFileId().orElseThrow()).lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode first = ObjectMappers.jsonMapper().readTree(lines.get(0));
    assertThat(first.path("custom_id").asText()).isEqualTo("a");
    ChatCompletion completion = ObjectMappers.jsonMapper().treeToValue(first.path("response").path("body"), ChatCompletion.class);
    assertThat(completion.validate().model()).isEqualTo("gpt-4o-mini");
    assertThat(server.batchCreations()).isEqualTo(1);
  }

  @Test
  void failingLinesAndExpiredLinesGoToTheErrorFile() throws IOException {
    server.nextBatchScript("in_progress", "expired");
    server.answeredBeforeExpiry(1);
    server.failBatchLine("a", 500);

    Batch expired = sdk.batches().retrieve(create().id());

    assertThat(expired.status().asString()).isEqualTo("expired");
    assertThat(expired.outputFileId()).isEmpty();
    List<String> errors = content(expired.errorFileId().orElseThrow()).lines().toList();
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0)).contains("\"status_code\":500");
    assertThat(errors.get(1)).contains("batch_expired");
  }

  @Test
  void failedBatchCarriesItsErrors() throws IOException {
    server.nextBatchScript("validating", "failed");
    server.batchFailure("Line 1: no such model");

    Batch failed = sdk.batches().retrieve(create().id());

    assertThat(failed.status().asString()).isEqualTo("failed");
    assertThat(failed.errors().orElseThrow().data().orElseThrow().get(0).message()).contains("Line 1: no such model");
  }

  private Batch create() throws IOException {
    Path input = Files.writeString(directory.resolve("input.jsonl"), INPUT, StandardCharsets.UTF_8);
    String file = sdk.files().create(FileCreateParams.builder().file(input).purpose(FilePurpose.BATCH).build()).id();
    assertThat(server.uploadedContent(file)).isEqualTo(INPUT);
    return sdk.batches().create(BatchCreateParams.builder().inputFileId(file)
        .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
        .completionWindow(BatchCreateParams.CompletionWindow._24H).build());
  }

  private String content(String fileId) throws IOException {
    try (InputStream in = sdk.files().content(fileId).body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
