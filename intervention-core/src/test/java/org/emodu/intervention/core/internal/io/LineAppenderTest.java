package org.emodu.intervention.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineAppenderTest {

  @TempDir
  Path directory;

  @Test
  void appendsEachLineWithItsBreakCreatingTheFileAndItsDirectories() throws IOException {
    Path file = directory.resolve("logs/run/interactions.jsonl");

    try (LineAppender appender = LineAppender.shared(file)) {
      appender.append("{\"a\":1}");
      appender.append("{\"b\":2}");
    }

    assertThat(Files.readString(file)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
  }

  @Test
  void aSharedFileIsNeverTouchedBeforeAppending() throws IOException {
    Path file = Files.writeString(directory.resolve("log.jsonl"), "{\"a\":1}\n{\"cut");

    try (LineAppender appender = LineAppender.shared(file)) {
      appender.append("{\"b\":2}");
    }

    assertThat(Files.readString(file)).isEqualTo("{\"a\":1}\n{\"cut{\"b\":2}\n");
  }

  @Test
  void aJournalEndsALastLineCutShortBeforeItsNextLine() throws IOException {
    Path file = Files.writeString(directory.resolve("journal.jsonl"), "{\"a\":1}\n{\"cut");

    try (LineAppender appender = LineAppender.journal(file)) {
      appender.append("{\"b\":2}");
    }

    assertThat(Files.readString(file)).isEqualTo("{\"a\":1}\n{\"cut\n{\"b\":2}\n");
  }

  @Test
  void aJournalLeavesACompleteFileAsItIs() throws IOException {
    Path file = Files.writeString(directory.resolve("journal.jsonl"), "{\"a\":1}\n");

    try (LineAppender appender = LineAppender.journal(file)) {
      appender.append("{\"b\":2}");
    }

    assertThat(Files.readString(file)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
  }

  @Test
  void refusesALineThatHoldsABreak() throws IOException {
    try (LineAppender appender = LineAppender.shared(directory.resolve("log.jsonl"))) {
      assertThatThrownBy(() -> appender.append("{\"a\":\n1}")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("line must hold no line break");
    }
  }
}
