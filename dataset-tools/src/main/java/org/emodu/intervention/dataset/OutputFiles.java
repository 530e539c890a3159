package org.emodu.intervention.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;

/**
 * Writes the dataset tools' outputs safely: the content goes to a temporary file in the target's
 * directory and is moved over the target in one atomic rename, so a reader never sees half a file
 * and a crash leaves the previous file (or none) in place. An existing target is replaced only when
 * asked to, and an output that names one of the run's inputs is refused: inputs are never
 * overwritten.
 */
public final class OutputFiles {

  private OutputFiles() {}

  /** Produces an output's content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Writer writer) throws IOException;
  }

  /**
   * Writes {@code target} atomically as UTF-8.
   *
   * @param force whether an existing target may be replaced
   * @throws UncheckedIOException wrapping a {@link FileAlreadyExistsException} when the target
   *     exists and {@code force} is off, or any failure to write
   */
  public static void write(Path target, boolean force, Content content) {
    checkWritable(target, force);
    Path directory = target.toAbsolutePath().getParent();
    Path temporary = null;
    try {
      Files.createDirectories(directory);
      temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
      try (Writer writer = new BufferedWriter(
          new OutputStreamWriter(Files.newOutputStream(temporary), StandardCharsets.UTF_8), 1 << 16)) {
        content.writeTo(writer);
      }
      move(temporary, target, force);
      temporary = null;
    } catch (IOException e) {
      throw new UncheckedIOException(describe(e, target), e);
    } finally {
      deleteQuietly(temporary);
    }
  }

  /**
   * Fails unless {@code target} may be written: absent, or present with {@code force}, and not a
   * directory.
   */
  public static void checkWritable(Path target, boolean force) {
    if (Files.isDirectory(target)) {
      throw new IllegalArgumentException(target + " is a directory; name an output file");
    }
    if (!force && Files.exists(target)) {
      throw new UncheckedIOException("already exists: " + target + " (use --force to replace it)",
          new FileAlreadyExistsException(target.toString()));
    }
  }

  /**
   * Fails when any output names the same file as an input, or two outputs name the same file.
   *
   * @throws IllegalArgumentException naming the clashing paths
   */
  public static void checkDistinct(Collection<Path> inputs, Collection<Path> outputs) {
    List<Path> outputList = List.copyOf(outputs);
    for (int i = 0; i < outputList.size(); i++) {
      Path output = outputList.get(i);
      for (Path input : inputs) {
        if (sameFile(input, output)) {
          throw new IllegalArgumentException("the output " + output + " is the input " + input
              + "; inputs are never overwritten, name another output file");
        }
      }
      for (int j = i + 1; j < outputList.size(); j++) {
        if (sameFile(output, outputList.get(j))) {
          throw new IllegalArgumentException("two outputs name the same file " + output);
        }
      }
    }
  }

  static boolean sameFile(Path first, Path second) {
    try {
      if (Files.exists(first) && Files.exists(second)) {
        return Files.isSameFile(first, second);
      }
    } catch (IOException e) {
      // Fall back to comparing the paths as written.
    }
    return first.toAbsolutePath().normalize().equals(second.toAbsolutePath().normalize());
  }

  private static void move(Path temporary, Path target, boolean force) throws IOException {
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      // Same directory, so this only happens on unusual file systems; a plain rename is the best left.
      if (force) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.move(temporary, target);
      }
    }
  }

  private static String describe(IOException error, Path target) {
    if (error instanceof FileAlreadyExistsException) {
      return target + " already exists (use --force to replace it)";
    }
    return "cannot write " + target + ": " + error.getMessage();
  }

  private static void deleteQuietly(Path temporary) {
    if (temporary == null) {
      return;
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      // The write already failed and that failure is what the caller hears about; a stray
      // hidden temporary file is the lesser problem and is named in the log.
      org.slf4j.LoggerFactory.getLogger(OutputFiles.class).warn("could not remove the temporary file {}", temporary);
    }
  }
}
