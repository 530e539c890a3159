package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.Progress;
import org.emodu.intervention.core.chat.ChatBackend;
import org.emodu.intervention.core.chat.ChatReply;
import org.emodu.intervention.core.chat.TokenUsage;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.openai.OpenAiChatBackend;
import org.emodu.intervention.core.openai.OpenAiConnection;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paraphrase and back translation against the real SDK and a local MockWebServer in the API's shapes. */
class ModelAugmentationTest {

  private static final List<Exemplar> SOURCES = List.of(
      Exemplars.expert("e1", "Ayo {username}, tebak fakta seru {subject} hari ini 😄"),
      Exemplars.expert("e2", "Keren {username}! Satu soal lagi pasti bisa 💪"),
      Exemplars.expert("e3", "Santai aja {username}, kita coba pelan-pelan di kelas {classname} 🙂"));

  private MockWebServer server;
  private OpenAiChatBackend backend;
  private final List<String> userMessages = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger answered = new AtomicInteger();
  private volatile int failAtRequest = -1;
  private final AtomicInteger requests = new AtomicInteger();

  @TempDir
  Path directory;

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        int number = requests.incrementAndGet();
        if (number == failAtRequest) {
          return Fixtures.response(400, "error-400.json");
        }
        try {
          JsonNode body = Json.mapper().readTree(request.getBody().readUtf8());
          String system = body.path("messages").get(0).path("content").asText();
          String user = body.path("messages").get(1).path("content").asText();
          userMessages.add(user);
          answered.incrementAndGet();
          return Fixtures.chatCompletion(answer(system, user));
        } catch (IOException e) {
          return new MockResponse().setResponseCode(500);
        }
      }
    });
    server.start();
    backend = new OpenAiChatBackend(OpenAiConnection.builder()
        .apiKey("sk-test-key-0123456789").baseUrl(server.url("/v1").toString()).maxRetries(0).build());
  }

  @AfterEach
  void stopServer() throws IOException {
    backend.close();
    server.shutdown();
  }

  /** What the fake model answers: a recognisable rewrite that keeps placeholders and emoji. */
  private static String answer(String system, String user) {
    if (system.startsWith("You rewrite")) {
      String message = user.substring(user.indexOf("Message: ") + "Message: ".length());
      return "\"Hai, " + message + "\"";
    }
    if (system.startsWith("Translate the informal Indonesian")) {
      return "[en] " + user;
    }
    return "Halo! " + user.replace("[en] ", "");
  }

  private Augmenter.Builder augmenter(AugmentationMethod method) {
    return Augmenter.builder().methods(method).perItem(2).seed(1).concurrency(1).backend(backend, "gpt-test");
  }

  @Test
  void paraphrasesKeepPlaceholdersEmojiAndAreTaggedWithTheirSource() {
    AugmentationResult result = augmenter(AugmentationMethod.PARAPHRASE).journal(directory.resolve("journal.jsonl")).build().augment(SOURCES);

    List<Exemplar> variants = result.exemplars().stream().filter(CorpusFiles::isAugmented).toList();
    // Two answers per source are the same text: the second is a duplicate and is dropped.
    assertThat(variants).hasSize(3);
    assertThat(result.droppedByReason()).containsEntry("duplicate-variant", 3);
    for (Exemplar variant : variants) {
      Exemplar source = SOURCES.stream().filter(item -> item.id().equals(variant.sourceId().orElseThrow())).findFirst().orElseThrow();
      assertThat(variant.text()).isEqualTo("Hai, " + source.text());
      assertThat(variant.origin()).isEqualTo("augmented:paraphrase");
      assertThat(variant.id()).isEqualTo(source.id() + "~pp-1");
      assertThat(AugmenterTest.placeholders(variant.text())).isEqualTo(AugmenterTest.placeholders(source.text()));
    }
    assertThat(result.modelCalls()).isEqualTo(6);
    assertThat(result.usage()).isEqualTo(new TokenUsage(6 * 400, 6 * 41, 6 * 441));
    assertThat(userMessages).allSatisfy(user -> assertThat(user).startsWith("Emotion: bored\nReinforcement: positive\nARCS: attention\nMessage: "));
  }

  @Test
  void backTranslationGoesThroughEnglishAndBack() {
    AugmentationResult result = augmenter(AugmentationMethod.BACK_TRANSLATION).perItem(1).build().augment(SOURCES);

    assertThat(result.modelCalls()).isEqualTo(6);
    assertThat(userMessages).filteredOn(user -> user.startsWith("[en] ")).hasSize(3);
    assertThat(result.exemplars()).filteredOn(CorpusFiles::isAugmented)
        .extracting(Exemplar::text)
        .containsExactly("Halo! " + SOURCES.get(0).text(), "Halo! " + SOURCES.get(1).text(), "Halo! " + SOURCES.get(2).text());
    assertThat(result.exemplars()).filteredOn(CorpusFiles::isAugmented).allSatisfy(variant -> {
      assertThat(variant.origin()).isEqualTo("augmented:back-translation");
      assertThat(variant.id()).isEqualTo(variant.sourceId().orElseThrow() + "~bt-1");
    });
  }

  @Test
  void aRunThatFailsMidwayResumesWithoutRepeatingAPaidCall() throws IOException {
    Path journal = directory.resolve("augment.journal.jsonl");
    failAtRequest = 4;
    Augmenter augmenter = augmenter(AugmentationMethod.BACK_TRANSLATION).journal(journal).build();

    assertThatThrownBy(() -> augmenter.augment(SOURCES))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("3 of 12 model call(s) are done and kept in the journal " + journal)
        .hasMessageContaining("run the same command again");
    assertThat(answered.get()).isEqualTo(3);
    assertThat(Files.readAllLines(journal)).hasSize(3);
    List<String> firstRun = new ArrayList<>(userMessages);

    failAtRequest = -1;
    AugmentationResult resumed = augmenter.augment(SOURCES);

    assertThat(answered.get()).as("every call answered once over both runs").isEqualTo(12);
    assertThat(requests.get()).as("the three journaled calls were not sent again; only the failed one was").isEqualTo(13);
    assertThat(resumed.resumedCalls()).isEqualTo(3);
    assertThat(resumed.modelCalls()).isEqualTo(9);
    assertThat(userMessages.subList(firstRun.size(), userMessages.size())).doesNotContainAnyElementsOf(firstRun.subList(0, 1));

    AugmentationResult again = augmenter.augment(SOURCES);
    assertThat(requests.get()).as("a complete journal answers a whole re-run").isEqualTo(13);
    assertThat(again.exemplars()).isEqualTo(resumed.exemplars());
    assertThat(again.modelCalls()).isZero();
    assertThat(again.usage()).isEqualTo(TokenUsage.NONE);
  }

  @Test
  void aJournalCutShortByACrashLosesOnlyItsLastLine() throws IOException {
    Path journal = directory.resolve("journal.jsonl");
    augmenter(AugmentationMethod.PARAPHRASE).perItem(1).journal(journal).build().augment(SOURCES);
    List<String> lines = Files.readAllLines(journal);
    String cut = lines.get(2).substring(0, lines.get(2).length() / 2);
    Files.writeString(journal, lines.get(0) + "\n" + lines.get(1) + "\n" + cut, StandardCharsets.UTF_8);
    int before = requests.get();

    AugmentationResult result = augmenter(AugmentationMethod.PARAPHRASE).perItem(1).journal(journal).build().augment(SOURCES);

    assertThat(requests.get() - before).isEqualTo(1);
    assertThat(result.resumedCalls()).isEqualTo(2);
    assertThat(Files.readAllLines(journal)).hasSize(4).last().satisfies(line -> assertThat(Json.mapper().readTree(line).path("reply").isTextual()).isTrue());
  }

  @Test
  void answersThatLosePlaceholdersOrEmojiOrRunLongAreDroppedAndCounted() {
    String[] replies = {
        "Ayo kamu, tebak fakta seru {subject} hari ini 😄",
        "Keren {username}! Satu soal lagi pasti bisa",
        "Santai aja {username} " + "kita coba pelan-pelan ".repeat(10) + "di kelas {classname} 🙂"};
    ChatBackend scripted = request -> {
      String user = request.messages().get(1).content();
      int index = user.contains("tebak") ? 0 : user.contains("Satu soal") ? 1 : 2;
      return new ChatReply(replies[index], "gpt-test", new TokenUsage(10, 5, 15), "id");
    };
    AugmentationResult result = Augmenter.builder().methods(AugmentationMethod.PARAPHRASE).perItem(1)
        .backend(scripted, "gpt-test").build().augment(SOURCES);

    assertThat(result.added()).isZero();
    assertThat(result.droppedByReason()).containsEntry("placeholder-changed", 1).containsEntry("emoji-lost", 1).containsEntry("over-word-limit", 1);
  }

  @Test
  void noMoreCallsAreInFlightThanTheConcurrencyAllows() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    // The first calls wait at the gate until three are in flight at once: the run can only finish
    // if the augmenter really runs three at a time, and the count shows it never runs more.
    java.util.concurrent.CountDownLatch threeInFlight = new java.util.concurrent.CountDownLatch(3);
    ChatBackend gated = request -> {
      most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      threeInFlight.countDown();
      try {
        if (!threeInFlight.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
          throw new AssertionError("three calls were never in flight together");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        inFlight.decrementAndGet();
      }
      return new ChatReply("Wah " + request.messages().get(1).content().replaceAll("(?s).*Message: ", ""), "m", TokenUsage.NONE, "id");
    };
    List<Exemplar> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add(Exemplars.expert("m" + i, "Ayo {username}, nomor " + i + " pasti bisa 😄"));
    }
    AugmentationResult result = Augmenter.builder().methods(AugmentationMethod.PARAPHRASE).perItem(1).concurrency(3)
        .backend(gated, "m").build().augment(many);

    assertThat(result.added()).isEqualTo(40);
    assertThat(most.get()).isEqualTo(3);
  }

  @Test
  void progressHearsEveryCallWithTheTokensSpent() {
    List<String> statuses = Collections.synchronizedList(new ArrayList<>());
    long[] total = new long[1];
    Progress listener = new Progress() {
      @Override
      public void start(String task, long steps, long alreadyDone) {
        total[0] = steps;
      }

      @Override
      public void step(long count, String status) {
        assertThat(count).isOne();
        statuses.add(status);
      }

      @Override
      public void finish() {}
    };
    augmenter(AugmentationMethod.PARAPHRASE).perItem(1).progress(listener).build().augment(SOURCES);

    assertThat(total[0]).isEqualTo(3);
    assertThat(statuses).hasSize(3).last().isEqualTo("tokens 1323");
  }
}
