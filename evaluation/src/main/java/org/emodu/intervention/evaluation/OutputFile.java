package org.emodu.intervention.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file all at once or not at all: into a temporary file beside it, then renamed over it, so
 * a reader never sees half a file and a failure leaves what was there before.
 */
final class OutputFile {

  /** Writes the content through a writer. */
  interface Content {
    void writeTo(Writer writer) throws IOException;
  }

  private OutputFile() {}

  /**
   * Writes {@code file} atomically.
   *
   * @throws UncheckedIOException wrapping {@link FileAlreadyExistsException} when the file exists and
   *     {@code replaceExisting} is false, or the failure to write
   */
  static void write(Path file, boolean replaceExisting, Content content) {
    Path target = file.toAbsolutePath().normalize();
    if (!replaceExisting && Files.exists(target)) {
      throw new UncheckedIOException(new FileAlreadyExistsException(file.toString()));
    }
    Path directory = target.getParent();
    Path temporary = null;
    try {
      Files.createDirectories(directory);
      temporary = Files.createTempFile(directory, "." + target.getFileName(), ".partial");
      try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        content.writeTo(writer);
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      UncheckedIOException failure = new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException cleanup) {
          failure.addSuppressed(cleanup);
        }
      }
      throw failure;
    }
  }
}
