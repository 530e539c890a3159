package org.emodu.intervention.evaluation.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.Progress;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.generation.ExemplarGenerator;
import org.emodu.intervention.core.generation.OutputPolicy;
import org.emodu.intervention.core.generation.PromptedChatGenerator;
import org.emodu.intervention.core.log.InteractionLog;
import org.emodu.intervention.core.log.InteractionRecord;
import org.emodu.intervention.core.openai.OpenAiChatBackend;
import org.emodu.intervention.core.openai.OpenAiConnection;
import org.emodu.intervention.evaluation.BertScoreResult;
import org.emodu.intervention.evaluation.BertScorer;
import org.emodu.intervention.evaluation.DescriptiveSummary;
import org.emodu.intervention.evaluation.OnnxTokenEmbedder;
import org.emodu.intervention.evaluation.PriceTable;
import org.emodu.intervention.evaluation.TokenPrices;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentTest {

  private static OnnxTokenEmbedder embedder;

  @TempDir
  Path directory;

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger served = new AtomicInteger();
  private OpenAiChatBackend backend;
  private Path evaluationSet;
  private List<EvaluationItem> items;

  @BeforeAll
  static void loadModel() {
    embedder = OnnxTokenEmbedder.embedded();
  }

  @AfterAll
  static void closeModel() {
    embedder.close();
  }

  @BeforeEach
  void start() throws IOException {
    String completion = Fixtures.body(Fixtures.CHAT_COMPLETION);
    String base = completion;
    // The fine-tuned model answers shorter and is asked with fewer prompt tokens.
    String fineTuned = completion
        .replace("\"prompt_tokens\": 400", "\"prompt_tokens\": 59")
        .replace("\"completion_tokens\": 41", "\"completion_tokens\": 30")
        .replace("\"total_tokens\": 441", "\"total_tokens\": 89")
        .replace("Hai Budi! Yuk tebak, rumus Fisika mana yang dipakai roller coaster? 🎢 Fokus sebentar lagi, seru banget kok! 😄",
            "Budi, tebak deh rumus Fisika di roller coaster 🎢 yang benar dapat bintang ⭐");
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        served.incrementAndGet();
        String body = request.getBody().readUtf8();
        return new MockResponse().setHeader("Content-Type", "application/json")
            .setBody(body.contains("\"model\":\"ft:") ? fineTuned : base);
      }
    });
    server.start();
    backend = new OpenAiChatBackend(OpenAiConnection.builder().apiKey("sk-test-key-0123456789")
        .baseUrl(server.url("/v1").toString()).maxRetries(0).build());
    evaluationSet = directory.resolve("eval.jsonl");
    List<String> lines = new ArrayList<>();
    String[] emotions = {"bosan", "bingung", "sedih"};
    for (int i = 0; i < 6; i++) {
      lines.add("{\"id\":\"e" + i + "\",\"username\":\"Budi\",\"emotion\":\"" + emotions[i % 3] + "\","
          + "\"classname\":\"XII-IPA-1\",\"subject\":\"Fisika\","
          + "\"reference\":\"Hai Budi, tebak rumus Fisika roller coaster yuk 🎢 yang benar dapat bintang ⭐\"}");
    }
    Files.write(evaluationSet, lines);
    items = EvaluationSet.read(evaluationSet);
  }

  @AfterEach
  void stop() throws IOException {
    backend.close();
    server.shutdown();
  }

  private List<ProfileUnderTest> profiles() {
    return List.of(
        ProfileUnderTest.of("base", new PromptedChatGenerator(backend, PromptProfile.base("gpt-3.5-turbo"))),
        ProfileUnderTest.of("finetuned", new PromptedChatGenerator(backend, PromptProfile.fineTuned("ft:gpt-3.5-turbo:x"))),
        ProfileUnderTest.of("offline", new ExemplarGenerator(ExemplarCorpus.builtIn(), OutputPolicy.standard(), 1)));
  }

  private Experiment experiment(Path out, int repeat) {
    return Experiment.builder(out).concurrency(3).repeat(repeat)
        .prices(PriceTable.of(new TokenPrices(0.5, 1.5)), "0.5 prompt, 1.5 completion").build();
  }

  @Test
  void summaryEqualsWhatTheLogsAndTheScorerGiveDirectly() throws Exception {
    Path out = directory.resolve("experiment");

    ExperimentSummary summary = experiment(out, 2).run(evaluationSet, items, profiles(), embedder,
        Progress.none());

    assertThat(served.get()).isEqualTo(2 * 6 * 2);
    assertThat(summary.profiles()).extracting(ProfileSummary::profile).containsExactly("base", "finetuned", "offline");
    for (ProfileSummary profile : summary.profiles()) {
      List<InteractionRecord> logged = InteractionLog.read(out.resolve(profile.profile()).resolve("interactions.jsonl"));
      assertThat(logged).hasSize(12);
      assertThat(profile.generations()).isEqualTo(12);
      assertThat(profile.failed()).isZero();
      assertThat(profile.promptTokens())
          .isEqualTo(DescriptiveSummary.of(logged.stream().mapToLong(record -> record.usage().prompt()).toArray()));
      assertThat(profile.completionTokens())
          .isEqualTo(DescriptiveSummary.of(logged.stream().mapToLong(record -> record.usage().completion()).toArray()));
      BertScoreResult direct = BertScorer.builder(embedder).build().score(
          logged.stream().map(InteractionRecord::text).toList(),
          java.util.Collections.nCopies(logged.size(), items.get(0).reference()));
      assertThat(profile.f1().mean()).isCloseTo(direct.f1().mean(), within(1e-9));
      assertThat(profile.precision().median()).isCloseTo(direct.precision().median(), within(1e-9));
      assertThat(Files.readAllLines(out.resolve(profile.profile()).resolve("bertscore.csv"))).hasSize(13);
      // every answer is kept with its item, so that profiles can be compared request by request
      assertThat(profile.answers()).hasSize(12);
      assertThat(profile.answers()).extracting(ProfileSummary.Answer::item).containsOnly("e0", "e1", "e2", "e3", "e4", "e5");
      assertThat(profile.answers()).extracting(ProfileSummary.Answer::repetition).containsOnly(1, 2);
      assertThat(profile.answers().stream().mapToDouble(ProfileSummary.Answer::f1).average().orElseThrow())
          .isCloseTo(profile.f1().mean(), within(1e-12));
      assertThat(profile.answers().stream().mapToLong(ProfileSummary.Answer::totalTokens).sum())
          .isEqualTo((long) profile.totalTokens().sum());
    }
    assertThat(summary.profile("base").orElseThrow().prices()).contains(new TokenPrices(0.5, 1.5));
    ProfileSummary base = summary.profile("base").orElseThrow();
    assertThat(base.promptTokens().mean()).isEqualTo(400);
    assertThat(base.costUsd().orElseThrow().mean()).isCloseTo((400 * 0.5 + 41 * 1.5) / 1_000_000, within(1e-12));
    assertThat(base.systemPrompt()).isEqualTo(PromptProfile.base("m").systemPrompt());
    assertThat(summary.profile("finetuned").orElseThrow().promptTokens().mean()).isEqualTo(59);
    assertThat(summary.profile("offline").orElseThrow().model()).isEqualTo("builtin-exemplars");
    assertThat(base.compliance().answers()).isEqualTo(12);
    assertThat(base.compliance().namingStudent()).isEqualTo(12);
    assertThat(ExperimentSummary.read(out)).isEqualTo(summary);
  }

  @Test
  void aSecondRunResumesWithoutAskingTheModelAgain() throws Exception {
    Path out = directory.resolve("experiment");
    ExperimentSummary first = experiment(out, 1).run(evaluationSet, items, profiles().subList(0, 2), embedder,
        Progress.none());
    int asked = served.get();

    ExperimentSummary second = experiment(out, 1).run(evaluationSet, items, profiles().subList(0, 2), embedder,
        Progress.none());

    assertThat(served.get()).isEqualTo(asked);
    assertThat(second.profile("base").orElseThrow().resumed()).isEqualTo(6);
    assertThat(second.profile("base").orElseThrow().f1()).isEqualTo(first.profile("base").orElseThrow().f1());
  }

  @Test
  void aDirectoryOfAnotherSetupIsRefusedBeforeAnyCall() throws Exception {
    Path out = directory.resolve("experiment");
    experiment(out, 1).run(evaluationSet, items, profiles().subList(0, 1), embedder,
        Progress.none());
    int asked = served.get();

    assertThatThrownBy(() -> experiment(out, 3).run(evaluationSet, items, profiles().subList(0, 1), embedder,
        Progress.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds an experiment with another setup: repeat was 1, now 3")
        .hasMessageContaining("Give this run a directory of its own");
    List<ProfileUnderTest> otherModel = List.of(ProfileUnderTest.of("base",
        new PromptedChatGenerator(backend, PromptProfile.base("gpt-4o-mini"))));
    assertThatThrownBy(() -> experiment(out, 1).run(evaluationSet, items, otherModel, embedder,
        Progress.none()))
        .hasMessageContaining("the base profile asked gpt-3.5-turbo, now gpt-4o-mini");
    assertThat(served.get()).isEqualTo(asked);
  }

  @Test
  void failuresAreCountedWithTheirErrorsAndLeftOutOfTheScores() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
            .setBody("{\"error\":{\"message\":\"Incorrect API key provided: sk-abc****wxyz.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
      }
    });

    ExperimentSummary summary = experiment(directory.resolve("x"), 1).run(evaluationSet, items,
        profiles().subList(0, 1), embedder, Progress.none());

    ProfileSummary base = summary.profiles().get(0);
    assertThat(base.failed()).isEqualTo(6);
    assertThat(base.bertScoreMean()).isEmpty();
    assertThat(base.f1().count()).isZero();
    assertThat(base.errors()).hasSize(1);
    assertThat(base.errors().keySet().iterator().next()).contains("API key rejected").doesNotContain("sk-");
    assertThat(base.errors().values()).containsExactly(6L);
  }
}
