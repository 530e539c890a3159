package org.emodu.intervention.finetune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small training files in the chat format, written where a test wants them. */
final class TestFiles {

  static final String EXAMPLE = "{\"messages\": [{\"role\": \"system\", \"content\": \"Kamu adalah asisten.\"},"
      + " {\"role\": \"user\", \"content\": \"Username: Budi\"},"
      + " {\"role\": \"assistant\", \"content\": \"Semangat ya Budi! \uD83D\uDCAA\"}]}\n";

  private TestFiles() {}

  static Path training(Path directory, String name, int examples) {
    try {
      return Files.writeString(directory.resolve(name), EXAMPLE.repeat(examples), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
