package org.emodu.intervention.evaluation.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.Progress;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.generation.ExemplarGenerator;
import org.emodu.intervention.core.generation.PromptedChatGenerator;
import org.emodu.intervention.core.log.InteractionLog;
import org.emodu.intervention.core.log.InteractionRecord;
import org.emodu.intervention.core.openai.OpenAiChatBackend;
import org.emodu.intervention.core.openai.OpenAiConnection;
import org.emodu.intervention.evaluation.RecordingProgress;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentRunnerTest {

  @TempDir
  Path directory;

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger served = new AtomicInteger();
  private volatile int failOnRequest = -1;
  private OpenAiChatBackend backend;

  @BeforeEach
  void start() throws IOException {
    String completion = Fixtures.body(Fixtures.CHAT_COMPLETION);
    String body = completion;
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        int number = served.incrementAndGet();
        if (number == failOnRequest) {
          return new MockResponse().setResponseCode(500).setHeader("Content-Type", "application/json")
              .setBody("{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
        }
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
      }
    });
    server.start();
    backend = new OpenAiChatBackend(OpenAiConnection.builder().apiKey("sk-test-key-0123456789")
        .baseUrl(server.url("/v1").toString()).maxRetries(0).build());
  }

  @AfterEach
  void stop() throws IOException {
    backend.close();
    server.shutdown();
  }

  private static List<EvaluationItem> items(int count) {
    List<EvaluationItem> items = new ArrayList<>();
    String[] emotions = {"bosan", "bingung", "sedih", "senang"};
    for (int i = 0; i < count; i++) {
      InterventionRequest request = InterventionRequest.builder().username("Siswa " + i).emotion(emotions[i % 4])
          .classname("XII-IPA-1").subject("Fisika").build();
      items.add(new EvaluationItem("item-" + i, request, "Semangat Siswa " + i + "! 💪"));
    }
    return items;
  }

  private PromptedChatGenerator base() {
    return new PromptedChatGenerator(backend, PromptProfile.base("gpt-3.5-turbo"));
  }

  @Test
  void generatesEveryItemForEveryRepetitionAndLogsEach() throws Exception {
    Path log = directory.resolve("base/interactions.jsonl");

    ProfileRun run = new ExperimentRunner(4, 2).run("base", base(), "gpt-3.5-turbo", items(5), log, Progress.none());

    assertThat(run.generations()).hasSize(10);
    assertThat(run.generations()).extracting(Generation::repetition).containsExactly(1, 1, 1, 1, 1, 2, 2, 2, 2, 2);
    assertThat(run.generations().get(6).item().id()).isEqualTo("item-1");
    assertThat(run.failed()).isZero();
    assertThat(run.resumed()).isZero();
    assertThat(served.get()).isEqualTo(10);
    List<InteractionRecord> logged = InteractionLog.read(log);
    assertThat(logged).hasSize(10).allSatisfy(record -> {
      assertThat(record.usage().prompt()).isEqualTo(400);
      assertThat(record.requestId()).startsWith("base:item-");
    });
  }

  @Test
  void resumesWithoutAskingAgainWhatWasAnswered() throws Exception {
    Path log = directory.resolve("base/interactions.jsonl");
    List<EvaluationItem> all = items(6);
    new ExperimentRunner(2, 1).run("base", base(), "gpt-3.5-turbo", all.subList(0, 4), log, Progress.none());
    assertThat(served.get()).isEqualTo(4);

    ProfileRun resumed = new ExperimentRunner(2, 1).run("base", base(), "gpt-3.5-turbo", all, log, Progress.none());

    assertThat(served.get()).isEqualTo(6);
    assertThat(resumed.resumed()).isEqualTo(4);
    assertThat(resumed.generations()).hasSize(6).allMatch(Generation::succeeded);
    assertThat(InteractionLog.read(log)).hasSize(6);
  }

  @Test
  void progressHearsWhatAnEarlierRunDidEachNewGenerationTheTokensAndTheFailures() throws Exception {
    Path log = directory.resolve("base/interactions.jsonl");
    List<EvaluationItem> all = items(5);
    new ExperimentRunner(1, 1).run("base", base(), "gpt-3.5-turbo", all.subList(0, 2), log, Progress.none());
    failOnRequest = 4;
    RecordingProgress recording = new RecordingProgress();

    new ExperimentRunner(1, 1).run("base", base(), "gpt-3.5-turbo", all, log, recording);

    long perAnswer = InteractionLog.read(log).get(0).usage().total();
    assertThat(recording.heard).containsExactly(
        "start base 5 2",
        "step 1 " + String.format(Locale.ROOT, "%,d tokens", perAnswer),
        "step 1 " + String.format(Locale.ROOT, "%,d tokens, 1 failed", perAnswer),
        "step 1 " + String.format(Locale.ROOT, "%,d tokens, 1 failed", 2 * perAnswer),
        "finish");
  }

  @Test
  void failuresAreLoggedAndCountedAndAskedAgainOnlyWhenRetryingFailures() throws Exception {
    Path log = directory.resolve("base/interactions.jsonl");
    failOnRequest = 2;

    ProfileRun first = new ExperimentRunner(1, 1).run("base", base(), "gpt-3.5-turbo", items(3), log, Progress.none());

    assertThat(first.failed()).isEqualTo(1);
    InteractionRecord failed = first.generations().get(1).record();
    assertThat(failed.error().orElseThrow()).contains("HTTP 500").doesNotContain("sk-test");
    assertThat(failed.model()).isEqualTo("gpt-3.5-turbo");

    ProfileRun again = new ExperimentRunner(1, 1).run("base", base(), "gpt-3.5-turbo", items(3), log, Progress.none());
    assertThat(served.get()).isEqualTo(3);
    assertThat(again.failed()).isEqualTo(1);

    ProfileRun retried = new ExperimentRunner(1, 1, true, Clock.systemUTC())
        .run("base", base(), "gpt-3.5-turbo", items(3), log, Progress.none());
    assertThat(served.get()).isEqualTo(4);
    assertThat(retried.failed()).isZero();
    assertThat(InteractionLog.read(log)).hasSize(4);
  }

  @Test
  void neverHasMoreThanTheConcurrencyInFlight() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    ExemplarGenerator offline = ExemplarGenerator.builtIn();
    InterventionGenerator tracking = new InterventionGenerator() {
      @Override
      public String name() {
        return "offline";
      }

      @Override
      public Intervention generate(InterventionRequest request) {
        return offline.generate(request);
      }

      @Override
      public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
        int now = inFlight.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
        return CompletableFuture.supplyAsync(() -> {
          Thread.yield();
          Intervention answer = offline.generate(request);
          inFlight.decrementAndGet();
          return answer;
        }, pool);
      }
    };

    ProfileRun run = new ExperimentRunner(3, 4).run("offline", tracking, "builtin-exemplars", items(25),
        directory.resolve("offline.jsonl"), Progress.none());
    pool.shutdown();

    assertThat(run.generations()).hasSize(100).allMatch(Generation::succeeded);
    assertThat(peak.get()).isBetween(1, 3);
  }

  @Test
  void refusesALogOfAnotherProfile() throws Exception {
    Path log = directory.resolve("shared.jsonl");
    new ExperimentRunner(1, 1).run("offline", ExemplarGenerator.builtIn(), "builtin-exemplars", items(1), log,
        Progress.none());

    assertThatThrownBy(() -> new ExperimentRunner(1, 1).run("base", base(), "gpt-3.5-turbo", items(1), log,
        Progress.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds a record of another run");
    assertThat(Files.readAllLines(log)).hasSize(1);
  }
}
