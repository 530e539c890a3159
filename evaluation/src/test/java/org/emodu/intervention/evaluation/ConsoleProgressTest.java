package org.emodu.intervention.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

  @Test
  void drawsTheSentencesEmbeddedOutOfTheTotalOnItsStream() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TableEmbedder embedder = new TableEmbedder(Map.of("a", new float[] {1, 0}, "b", new float[] {0, 1}),
        new float[] {1, 1}, new float[] {1, -1});

    try (PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ConsoleProgress progress = new ConsoleProgress("BERTScore", stream)) {
      BertScorer.builder(embedder).batchSize(1).progress(progress).build().score(List.of("a", "b"), List.of("b", "a"));
    }

    String drawn = bytes.toString(StandardCharsets.UTF_8);
    assertThat(drawn).contains("BERTScore").contains("2/2");
  }

  @Test
  void drawsNothingWhenNothingWasReported() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    try (PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      new ConsoleProgress("BERTScore", stream).close();
    }

    assertThat(bytes.size()).isZero();
  }
}
