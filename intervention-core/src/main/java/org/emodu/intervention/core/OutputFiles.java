package org.emodu.intervention.core;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * Writes the toolkit's outputs safely, for every module and command alike: the content goes to a
 * temporary file in the target's directory, is flushed to disk, and is moved over the target in
 * one atomic rename, so a reader never sees half a file and a crash leaves the previous file (or
 * none) in place. An existing target is replaced only when asked to ({@code --force} on the command
 * line), and an output that names one of the run's inputs is refused: inputs are never overwritten.
 */
public final class OutputFiles {

  private OutputFiles() {}

  /** Produces an output's text. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Writer writer) throws IOException;
  }

  /**
   * Writes {@code target} atomically as UTF-8 text, creating its directory.
   *
   * @param force whether an existing target may be replaced
   * @throws UncheckedIOException saying {@code already exists: TARGET (use --force to replace it)}
   *     (around a {@link FileAlreadyExistsException}) when the target exists and {@code force} is
   *     off, or naming the target and the cause of any failure to write
   */
  public static void write(Path target, boolean force, Content content) {
    writeAtomically(target, force, out -> {
      Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      content.writeTo(writer);
      writer.flush();
    });
  }

  /** Writes {@code target} atomically with exactly these bytes; see {@link #write(Path, boolean, Content)}. */
  public static void write(Path target, boolean force, byte[] bytes) {
    writeAtomically(target, force, out -> out.write(bytes));
  }

  /**
   * Fails unless {@code target} may be written: absent, or present with {@code force}, and not a
   * directory.
   *
   * @throws IllegalArgumentException when the target is a directory
   * @throws UncheckedIOException when it exists and {@code force} is off
   */
  public static void checkWritable(Path target, boolean force) {
    if (Files.isDirectory(target)) {
      throw new IllegalArgumentException(target + " is a directory; name an output file");
    }
    if (!force && Files.exists(target)) {
      throw alreadyExists(target, new FileAlreadyExistsException(target.toString()));
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

  /** Whether two paths name the same file, following links when both exist. */
  public static boolean sameFile(Path first, Path second) {
    try {
      if (Files.exists(first) && Files.exists(second)) {
        return Files.isSameFile(first, second);
      }
    } catch (IOException e) {
      // Fall back to comparing the paths as written.
    }
    return first.toAbsolutePath().normalize().equals(second.toAbsolutePath().normalize());
  }

  @FunctionalInterface
  private interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private static void writeAtomically(Path target, boolean force, Body body) {
    checkWritable(target, force);
    Path directory = target.toAbsolutePath().getParent();
    Path temporary = null;
    try {
      Files.createDirectories(directory);
      // Created like any new file, so the umask decides who may read it (createTempFile would make it
      // private to the owner), under a name no other writer uses.
      temporary = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = Channels.newOutputStream(channel);
        body.writeTo(out);
        out.flush();
        channel.force(true);
      }
      move(temporary, target, force);
      temporary = null;
    } catch (FileAlreadyExistsException e) {
      throw alreadyExists(target, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(temporary);
    }
  }

  private static UncheckedIOException alreadyExists(Path target, FileAlreadyExistsException cause) {
    return new UncheckedIOException("already exists: " + target + " (use --force to replace it)", cause);
  }

  private static void move(Path temporary, Path target, boolean force) throws IOException {
    try {
      if (force) {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (AtomicMoveNotSupportedException e) {
      // Same directory, so this only happens on unusual file systems; a plain rename is the best left.
      if (force) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.move(temporary, target);
      }
    }
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
      LoggerFactory.getLogger(OutputFiles.class).warn("could not remove the temporary file {}", temporary);
    }
  }
}
