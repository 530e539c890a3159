package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobErrorTest {

  @Test
  void describesTheServersCodeMessageAndParameter() {
    JobError error = new JobError("invalid_training_file", "The job failed due to an invalid training file.",
        Optional.of("training_file"));

    assertThat(error.describe()).isEqualTo(
        "invalid_training_file: The job failed due to an invalid training file. (parameter: training_file)");
  }

  @Test
  void theServersWordsReachTheTerminalOnOneLineShortenedAndWithHiddenCharactersEscaped() {
    JobError error = new JobError("bad\u001B[31m", "Line 17:\n\u001B]0;owned\u0007 \u202Eevil" + "x".repeat(5_000),
        Optional.of("file\u0000"));

    String described = error.describe();

    assertThat(described).startsWith("bad\\u001B[31m: Line 17: \\u001B]0;owned\\u0007 \\u202Eevilxxx")
        .endsWith("… (parameter: file\\u0000)")
        .doesNotContain("\u001B").doesNotContain("\n").doesNotContain("\u202E").doesNotContain("\u0000");
    assertThat(described).hasSizeLessThan(700);
  }
}
