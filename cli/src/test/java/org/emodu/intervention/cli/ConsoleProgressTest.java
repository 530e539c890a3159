package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void drawsTheStepsDoneOutOfTheTotalWithTheUnitAndTheStatus() {
    try (ConsoleProgress progress = new ConsoleProgress(stream, " sentences")) {
      progress.start("BERTScore", 4, 0);
      progress.step(3, "");
      progress.step(1, "1,234 tokens");
    }

    assertThat(drawn()).contains("BERTScore").contains("4/4 sentences").contains("1,234 tokens");
  }

  @Test
  void aResumedRunStartsAtWhatTheEarlierRunDidAndSaysSo() {
    ConsoleProgress progress = new ConsoleProgress(stream);
    progress.start("base", 10, 4);
    progress.finish();

    assertThat(drawn()).contains("4/10").contains("4 from an earlier run");
  }

  @Test
  void eachStartBeginsANewBarAndStepsWithoutOneAreIgnored() {
    ConsoleProgress progress = new ConsoleProgress(stream);
    progress.step(1, "before any start");
    progress.start("base", 2, 0);
    progress.step(2, "");
    progress.start("finetuned", 3, 0);
    progress.step(1, "");
    progress.finish();

    assertThat(drawn()).doesNotContain("before any start").contains("base").contains("2/2").contains("finetuned")
        .contains("1/3");
  }

  @Test
  void drawsNothingWhenNothingStarted() {
    new ConsoleProgress(stream).close();

    assertThat(bytes.size()).isZero();
  }

  private String drawn() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutATerminalEachTaskIsOneLineWhenItStartsAndOneWhenItEnds() {
    java.io.StringWriter written = new java.io.StringWriter();
    org.emodu.intervention.core.Progress progress = ConsoleProgress.lines(new java.io.PrintWriter(written), " sentences");

    progress.start("BERTScore base", 4, 0);
    progress.step(3, "");
    progress.step(1, "");
    progress.finish();
    progress.finish();

    assertThat(written.toString().lines()).containsExactly(
        "intervensi: BERTScore base: 4 sentences", "intervensi: BERTScore base: 4/4 sentences, done");
  }
}
