package org.emodu.intervention.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptProfileTest {

  @TempDir
  Path directory;

  @Test
  void aPromptFileIsReadAsUtf8Lines() throws IOException {
    Path file = Files.writeString(directory.resolve("base.txt"), "Kamu guru yang ramah.\r\nJawab singkat 😊\r\n");

    assertThat(PromptProfile.base("gpt-3.5-turbo").withPromptFile(file).systemPrompt())
        .isEqualTo("Kamu guru yang ramah.\nJawab singkat 😊");
  }

  @Test
  void aPromptFileThatIsNotUtf8IsNamedByLineAndByte() throws IOException {
    Path file = Files.write(directory.resolve("base.txt"), "Halo\nCaf\u00e9 ramah\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> PromptProfile.base("gpt-3.5-turbo").withPromptFile(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot read the base prompt file " + file + ": line 2: not UTF-8: byte 4 of the line (offset 8 in the file)")
        .hasMessageNotContaining("Input length");
  }
}
