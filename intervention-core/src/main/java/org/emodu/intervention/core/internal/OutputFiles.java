package org.emodu.intervention.core.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.emodu.intervention.core.tools.OutputExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the toolkit's outputs safely, for every module and command alike: the content goes to a
 * temporary file in the target's directory, is flushed to disk, and is moved over the target in
 * one atomic rename, so a reader never sees half a file and a crash leaves the previous file (or
 * none) in place. An existing target is replaced only when asked to (the {@code force} parameter), and an output that names one of the run's inputs is refused: inputs are never overwritten.
 *
 * <p>A write cut short (the process killed, the machine off) leaves its temporary file
 * ({@code .NAME.UUID.tmp}) behind, holding part of the output, student names included. So the
 * first write of a process into a directory removes the temporary files an earlier write left
 * there: files named as this class names them, not changed for {@link #STALE_AFTER} and whose writer
 * is gone. A writer holds a lock on its temporary file until it is renamed; the lock goes with
 * its process, however it ended, so a locked file is a write in progress and is left alone.
 */
public final class OutputFiles {

  /**
   * How long a temporary file must have been left unchanged before it may be removed: the lock
   * already tells a write in progress from an abandoned one; the wait covers file systems that do
   * not share locks between machines, where a slow writer elsewhere could look abandoned.
   */
  public static final Duration STALE_AFTER = Duration.ofMinutes(10);

  /** {@code .NAME.UUID.tmp}, as {@link #writeAtomically} names its temporary files. */
  private static final Pattern TEMPORARY =
      Pattern.compile("\\..+\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tmp");

  private static final Logger LOG = LoggerFactory.getLogger(OutputFiles.class);

  /** Directories this process has cleaned of stale temporary files. */
  private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

  /** This process's temporary files being written: locked already, never opened by the sweep. */
  private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

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
   * @throws OutputExistsException when the target exists and {@code force} is off
   * @throws UncheckedIOException naming the target and the cause of any failure to write
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
   * Replaces {@code target} atomically with exactly these bytes, or creates it; an existing file's
   * POSIX permissions pass to the new one before any byte is written, so a private file (a {@code .env}
   * with a key) never becomes readable by others, not even for a moment.
   */
  public static void replaceKeepingPermissions(Path target, byte[] bytes) {
    java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions = null;
    try {
      if (Files.exists(target)) {
        permissions = Files.getPosixFilePermissions(target);
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the new file gets that system's defaults.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the permissions of " + target + ": " + e.getMessage(), e);
    }
    java.util.Set<java.nio.file.attribute.PosixFilePermission> kept = permissions;
    writeAtomically(target, true, temporary -> {
      if (kept != null) {
        Files.setPosixFilePermissions(temporary, kept);
      }
    }, out -> out.write(bytes));
  }

  /**
   * Fails unless {@code target} may be written: absent, or present with {@code force}, and not a
   * directory.
   *
   * @throws IllegalArgumentException when the target is a directory
   * @throws OutputExistsException when it exists and {@code force} is off
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

  /** Prepares the temporary file before anything is written to it. */
  @FunctionalInterface
  private interface Preparation {
    void prepare(Path temporary) throws IOException;
  }

  private static void writeAtomically(Path target, boolean force, Body body) {
    writeAtomically(target, force, temporary -> {}, body);
  }

  private static void writeAtomically(Path target, boolean force, Preparation preparation, Body body) {
    checkWritable(target, force);
    Path directory = target.toAbsolutePath().getParent();
    Path temporary = null;
    try {
      Files.createDirectories(directory);
      if (SWEPT.add(directory)) {
        removeStaleTemporaries(directory, Instant.now());
      }
      // Created like any new file, so the umask decides who may read it (createTempFile would make it
      // private to the owner), under a name no other writer uses.
      temporary = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
      WRITING.add(temporary);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        lock(channel);
        preparation.prepare(temporary);
        OutputStream out = Channels.newOutputStream(channel);
        body.writeTo(out);
        out.flush();
        channel.force(true);
      }
      move(temporary, target, force);
      WRITING.remove(temporary);
      temporary = null;
    } catch (FileAlreadyExistsException e) {
      throw alreadyExists(target, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      if (temporary != null) {
        deleteQuietly(temporary);
        WRITING.remove(temporary);
      }
    }
  }

  /** Marks the temporary file as being written, for as long as this process holds it open. */
  private static void lock(FileChannel channel) {
    try {
      channel.tryLock();
    } catch (IOException | UnsupportedOperationException e) {
      // A file system without locks: a sweep cannot lock the file either, and so leaves it alone.
      LOG.debug("cannot lock a temporary output file: {}", e.toString());
    }
  }

  /**
   * Removes the temporary files abandoned in {@code directory}: named as this class names them,
   * unchanged since {@link #STALE_AFTER} before {@code now}, and not locked by a writer.
   *
   * @return how many were removed
   */
  static int removeStaleTemporaries(Path directory, Instant now) {
    int removed = 0;
    try (DirectoryStream<Path> candidates = Files.newDirectoryStream(directory, ".*.tmp")) {
      for (Path candidate : candidates) {
        if (TEMPORARY.matcher(candidate.getFileName().toString()).matches() && !WRITING.contains(candidate)
            && removeIfAbandoned(candidate, now)) {
          removed++;
        }
      }
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      LOG.debug("cannot look for stale temporary files in {}: {}", directory, e.toString());
    }
    if (removed > 0) {
      LOG.info("removed {} temporary file(s) left in {} by writes that were cut short", removed, directory);
    }
    return removed;
  }

  /** Removes the file when it is old enough and no writer holds its lock; whether it did. */
  private static boolean removeIfAbandoned(Path candidate, Instant now) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile() || attributes.lastModifiedTime().toInstant().isAfter(now.minus(STALE_AFTER))) {
        return false;
      }
      try (FileChannel channel = FileChannel.open(candidate, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          return false;
        }
        Files.deleteIfExists(candidate);
        return true;
      }
    } catch (OverlappingFileLockException e) {
      return false;
    } catch (IOException | UnsupportedOperationException e) {
      // Not ours to judge (no permission, no locks here, gone meanwhile): left as it is.
      return false;
    }
  }

  private static OutputExistsException alreadyExists(Path target, FileAlreadyExistsException cause) {
    return new OutputExistsException(target, cause);
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
      LOG.warn("could not remove the temporary file {}", temporary);
    }
  }
}
