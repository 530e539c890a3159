package org.emodu.intervention.finetune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files whole or not at all: the content goes to a temporary file beside the target, is
 * flushed to disk, and is renamed over the target, so a crash leaves the old file or the new one and
 * never half of either.
 */
final class AtomicFiles {

  private static final Logger log = LoggerFactory.getLogger(AtomicFiles.class);

  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code target}, creating parent directories.
   *
   * @param replace whether an existing target may be replaced; when false an existing target fails
   *     with a {@link FileAlreadyExistsException} inside the {@link UncheckedIOException}
   */
  static void write(Path target, byte[] content, boolean replace) {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    Path temporary = null;
    try {
      Files.createDirectories(directory);
      if (!replace && Files.exists(absolute)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      // Created like any new file (so the umask decides who may read it), under a name nobody else uses.
      temporary = directory.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      temporary = null;
    } catch (FileAlreadyExistsException e) {
      throw new UncheckedIOException("already exists: " + target + " (use --force to replace it)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(temporary);
    }
  }

  private static void deleteQuietly(Path temporary) {
    if (temporary == null) {
      return;
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      // The write already failed and that failure is what the caller sees; a stray temporary file
      // beside the target is harmless and named so it is easy to spot.
      log.warn("cannot remove the temporary file {}: {}", temporary, e.getMessage());
    }
  }
}
