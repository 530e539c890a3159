package org.emodu.intervention.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.chat.TokenUsage;
import org.emodu.intervention.core.generation.ExemplarGenerator;
import org.emodu.intervention.core.generation.LoggedGenerator;
import org.emodu.intervention.core.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteractionLogTest {

  @TempDir
  Path directory;

  private final InterventionRequest request = InterventionRequest.builder()
      .username("Budi").emotion("bosan").classname("XII-IPA-1").subject("Fisika").build();

  @Test
  void manyThreadsAppendingGiveExactlyOneValidLinePerGeneration() throws Exception {
    Path file = directory.resolve("logs/interactions.jsonl");
    int threads = 8;
    int perThread = 250;
    ExemplarGenerator generator = ExemplarGenerator.builtIn();
    try (InteractionLog log = InteractionLog.open(file)) {
      InterventionGenerator logged = new LoggedGenerator(generator, log, "builtin-exemplars");
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        work.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            logged.generate(request);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> done : work) {
        done.get();
      }
      pool.shutdown();
    }

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(threads * perThread);
    List<String> ids = new ArrayList<>();
    for (String line : lines) {
      JsonNode node = Json.mapper().readTree(line);
      assertThat(node.get("request").get("username").asText()).isEqualTo("Budi");
      assertThat(node.get("text").asText()).contains("Budi");
      ids.add(node.get("requestId").asText());
    }
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(InteractionLog.read(file)).hasSize(threads * perThread).allMatch(InteractionRecord::succeeded);
  }

  @Test
  void recordsRoundTripWithUsageFallbackAndErrors() {
    Path file = directory.resolve("interactions.jsonl");
    Intervention served = new Intervention("Semangat Budi! 💪", "offline", "builtin-exemplars", TokenUsage.NONE, 3001,
        "r-1", true, java.util.Optional.of("the base generator did not answer within 3000 ms"), List.of(), List.of());
    try (InteractionLog log = InteractionLog.open(file)) {
      log.append(request, served);
      log.appendFailure(request, "base", "gpt-3.5-turbo",
          new ModelException(ModelException.Kind.AUTHENTICATION, "API key rejected (sk-abcdefghijklmnop)"), 12);
    }

    List<InteractionRecord> records = InteractionLog.read(file);

    assertThat(records).hasSize(2);
    assertThat(records.get(0).fallback()).isTrue();
    assertThat(records.get(0).fallbackReason()).contains("the base generator did not answer within 3000 ms");
    assertThat(records.get(0).request().toRequest()).isEqualTo(request);
    assertThat(records.get(0).latencyMs()).isEqualTo(3001);
    assertThat(records.get(1).succeeded()).isFalse();
    assertThat(records.get(1).error().orElseThrow()).contains("API key rejected").doesNotContain("sk-abcdefghijklmnop");
  }

  @Test
  void appendsToAnExistingLogWithoutChangingIt() throws Exception {
    Path file = directory.resolve("interactions.jsonl");
    try (InteractionLog log = InteractionLog.open(file)) {
      log.append(request, ExemplarGenerator.builtIn().generate(request));
    }
    String before = Files.readString(file);
    try (InteractionLog log = InteractionLog.open(file)) {
      log.append(request, ExemplarGenerator.builtIn().generate(request));
    }

    assertThat(Files.readString(file)).startsWith(before);
    assertThat(InteractionLog.read(file)).hasSize(2);
  }

  @Test
  void unreadableLinesAreNamed() throws Exception {
    Path file = directory.resolve("broken.jsonl");
    Files.writeString(file, "{\"oops\": true}\nnot json\n");

    assertThatThrownBy(() -> InteractionLog.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 unreadable line(s)")
        .hasMessageContaining("line 1: not an interaction record: the key 'timestamp' is missing")
        .hasMessageContaining("line 2, column 4: not valid JSON: expected a value");
  }

  @Test
  void keepsAPolicysRecordsApartFromTheGenerationsInOneFile() throws Exception {
    Path file = directory.resolve("mixed.jsonl");
    java.time.Instant at = java.time.Instant.parse("2026-01-05T08:00:15Z");
    try (InteractionLog log = InteractionLog.open(file)) {
      log.append(request, ExemplarGenerator.builtIn().generate(request));
      log.write(new PolicyRecord(PolicyRecord.DECISION, at, "XII-IPA-1", "s1", "Budi", "bored", 0.9,
          java.util.Optional.of("wait"), java.util.Optional.of("cooldown"), null, null, null, null,
          java.util.Optional.of(at.plusSeconds(180)), null, null, null, null));
      log.write(new PolicyRecord(PolicyRecord.OUTCOME, at, "XII-IPA-1", "s1", "Budi", "bored", 0.8, null, null,
          java.util.Optional.of("positive"), java.util.Optional.of("attention"), java.util.Optional.of("req-1"), null,
          null, java.util.Optional.of("happy"), java.util.Optional.of(true), java.util.Optional.of(12_000L), null));
    }
    assertThat(InteractionLog.read(file)).hasSize(1);
    List<PolicyRecord> policy = InteractionLog.readPolicy(file);
    assertThat(policy).extracting(PolicyRecord::kind).containsExactly("decision", "outcome");
    assertThat(policy.get(0).eligibleAt()).contains(at.plusSeconds(180));
    assertThat(policy.get(1).nextEmotion()).contains("happy");
    JsonNode line = Json.mapper().readTree(Files.readAllLines(file, StandardCharsets.UTF_8).get(1));
    assertThat(line.get("kind").asText()).isEqualTo("decision");
    assertThat(line.has("decision")).as("kind alone tells a decision").isFalse();
    assertThat(line.has("text")).isFalse();
  }

  @Test
  void refusesAPolicyRecordOfAnUnknownKind() {
    assertThatThrownBy(() -> new PolicyRecord("generation", java.time.Instant.EPOCH, "k", "s", "u", "bored", 1, null,
        null, null, null, null, null, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kind");
  }
}
