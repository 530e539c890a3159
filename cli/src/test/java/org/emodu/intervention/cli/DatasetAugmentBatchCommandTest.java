package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.testing.openai.FakeFineTuningApi;
import org.emodu.intervention.testing.openai.FakeFineTuningApi.Fault;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dataset augment --batch} against a stand-in of the files and batches endpoints: the variants
 * the online run makes, back translation in two rounds, a restart that follows the batch it created,
 * and failed batches or requests that stop the run as a failed call does, keeping what was answered.
 */
class DatasetAugmentBatchCommandTest {

  private static final String CORPUS = String.join("\n",
      "{\"id\":\"a\",\"emotion\":\"bored\",\"reinforcement\":\"positive\",\"arcs\":\"attention\",\"text\":\"Ayo {username}, tebak soal seru 😄\"}",
      "{\"id\":\"b\",\"emotion\":\"sad\",\"reinforcement\":\"positive\",\"arcs\":\"confidence\",\"text\":\"Kamu pasti bisa, {username} 💪\"}");

  @TempDir
  Path directory;

  private FakeFineTuningApi api;
  private Path corpus;

  private record Run(int code, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    api = new FakeFineTuningApi(Clock.fixed(Instant.parse("2024-11-27T09:30:00Z"), ZoneOffset.UTC));
    api.batchAnswers(DatasetAugmentBatchCommandTest::answer);
    corpus = Files.writeString(directory.resolve("small.jsonl"), CORPUS);
  }

  @AfterEach
  void stop() throws IOException {
    api.close();
  }

  /** The stand-in model: a paraphrase adds "Wah,", a translation to English keeps the text, one back to Indonesian adds "Nah,". */
  private static String answer(JsonNode body) {
    String system = body.path("messages").get(0).path("content").asText();
    String user = body.path("messages").get(1).path("content").asText();
    if (user.contains("Message: ")) {
      return "Wah, " + user.substring(user.indexOf("Message: ") + 9);
    }
    return system.startsWith("Translate the English") ? "Nah, " + user : user;
  }

  private Map<String, String> settings(String baseUrl) {
    Map<String, String> settings = new HashMap<>();
    settings.put(Settings.OPENAI_API_KEY, FakeFineTuningApi.API_KEY);
    settings.put(Settings.OPENAI_BASE_URL, baseUrl);
    settings.put(Settings.MAX_RETRIES, "0");
    return settings;
  }

  private Run run(Map<String, String> settings, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), () -> Settings.of(settings));
    return new Run(code, out.toString(), err.toString());
  }

  private Run batch(String output, String... more) {
    List<String> args = new ArrayList<>(List.of("dataset", "augment", corpus.toString(), "-o",
        directory.resolve(output).toString(), "--methods", "paraphrase,back-translation", "--model", "gpt-test",
        "--batch", "--poll-interval", "0", "--force"));
    args.addAll(List.of(more));
    return run(settings(api.baseUrl()), args.toArray(String[]::new));
  }

  @Test
  void aBatchRunWritesTheVariantsTheOnlineRunDoesInTwoRounds() throws Exception {
    try (MockWebServer chat = new MockWebServer()) {
      chat.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          try {
            return Fixtures.chatCompletion(answer(Json.mapper().readTree(request.getBody().readUtf8())));
          } catch (IOException e) {
            return new MockResponse().setResponseCode(500);
          }
        }
      });
      chat.start();
      Run online = run(settings(chat.url("/v1").toString()), "dataset", "augment", corpus.toString(), "-o",
          directory.resolve("online.jsonl").toString(), "--methods", "paraphrase,back-translation", "--model", "gpt-test");
      assertThat(online.code()).as(online.err()).isZero();
      assertThat(chat.getRequestCount()).isEqualTo(6);
    }

    Run batched = batch("batched.jsonl");

    assertThat(batched.code()).as(batched.err()).isZero();
    assertThat(batched.out()).contains("model calls: 6 paid, 0 from the journal; tokens 2,646");
    assertThat(Files.readString(directory.resolve("batched.jsonl")))
        .isEqualTo(Files.readString(directory.resolve("online.jsonl")))
        .contains("\"text\":\"Wah, Ayo {username}, tebak soal seru 😄\"", "\"text\":\"Nah, Kamu pasti bisa, {username} 💪\"");
    assertThat(api.batchCreations()).as("paraphrase and to-English, then to-Indonesian").isEqualTo(2);
    assertThat(api.uploads()).isEqualTo(2);
    assertThat(Files.readString(directory.resolve("batched.jsonl.journal.jsonl"))).contains("\"batch\":{\"input_sha256\"");

    Run again = batch("batched.jsonl");

    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("model calls: 0 paid, 6 from the journal");
    assertThat(api.batchCreations()).isEqualTo(2);
  }

  @Test
  void aRestartFollowsTheBatchItCreatedWithoutUploadingOrCreatingAnother() throws Exception {
    api.fault(Fault.respond("GET", "/v1/batches/[^/]+", 500, Fixtures.error("The server had an error", null), Map.of()));

    Run stopped = batch("p.jsonl");

    assertThat(stopped.code()).isEqualTo(1);
    assertThat(stopped.err()).contains("the batch stays recorded").doesNotContain("Exception");
    assertThat(api.batchCreations()).isEqualTo(1);

    Run resumed = batch("p.jsonl");

    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("model calls: 6 paid");
    assertThat(api.batchCreations()).isEqualTo(2);
    assertThat(api.uploads()).isEqualTo(2);
  }

  @Test
  void aFailedBatchSaysWhyAndAFailedRequestStopsTheRunKeepingTheAnswers() throws Exception {
    api.nextBatchScript("validating", "failed");

    Run failed = batch("p.jsonl");

    assertThat(failed.code()).isEqualTo(1);
    assertThat(failed.err()).contains("failed while the server validated its input file")
        .contains("(model_not_found)").doesNotContain("Exception");

    api.nextBatchScript("validating", "in_progress", "finalizing", "completed");
    api.failBatchLines(line -> line.path("body").path("messages").get(1).path("content").asText().contains("Kamu pasti"), 500);
    Run partly = batch("p.jsonl");

    assertThat(partly.code()).isEqualTo(1);
    assertThat(partly.err()).contains("2 request(s) of the batch failed").contains("(HTTP 500)")
        .contains("running the same command again asks only the rest");
    assertThat(directory.resolve("p.jsonl")).doesNotExist();
  }
}
