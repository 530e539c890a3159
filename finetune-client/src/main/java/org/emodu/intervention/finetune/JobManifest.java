package org.emodu.intervention.finetune;

import org.emodu.intervention.core.OutputFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.emodu.intervention.core.Json;
import org.emodu.intervention.core.Settings;

/**
 * The local record of paid fine-tuning work, kept in one JSON file: which training files were
 * uploaded (by the SHA-256 of their content, with the id the server gave them), which jobs were
 * created with which parameters and what status each had when last seen, and which uploads and job
 * creations were in flight. {@link FineTuneClient} consults it so that a retried command never
 * uploads the same file twice or creates the same job twice, even after a crash.
 *
 * <p>Every change rewrites the file atomically (temporary file, then rename) while holding a lock on
 * a sibling {@code .lock} file, so concurrent commands in several terminals do not lose each other's
 * changes. The file is readable JSON, safe to keep under version control next to the data it
 * describes; deleting it forgets the uploads and jobs, which allows duplicates.
 */
public final class JobManifest {

  /** The setting that moves the manifest. */
  public static final String SETTING = "INTERVENSI_FINETUNE_MANIFEST";
  /** Where the manifest lives unless told otherwise, relative to the working directory. */
  public static final Path DEFAULT_PATH = Path.of(".intervensi", "finetune-manifest.json");

  private static final ObjectMapper MAPPER = Json.mapper().copy()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** One lock per manifest file in this process: a file lock cannot be taken twice by one JVM. */
  private static final ConcurrentHashMap<Path, ReentrantLock> PROCESS_LOCKS = new ConcurrentHashMap<>();

  private final Path file;

  private JobManifest(Path file) {
    this.file = file;
  }

  /** The manifest in {@code file}; the file is created on the first change. */
  public static JobManifest at(Path file) {
    return new JobManifest(file);
  }

  /**
   * The manifest at {@code option} when given, else at {@value #SETTING}, else at
   * {@link #DEFAULT_PATH}.
   */
  public static JobManifest locate(Optional<Path> option, Settings settings) {
    return at(option.or(() -> settings.path(SETTING)).orElse(DEFAULT_PATH));
  }

  public Path file() {
    return file;
  }

  /** The upload recorded for a file with this content hash. */
  public Optional<UploadedFile> upload(String sha256) {
    return Optional.ofNullable(read().files().get(sha256));
  }

  /** Every recorded upload, oldest first. */
  public List<UploadedFile> uploads() {
    return read().files().values().stream().sorted(Comparator.comparing(UploadedFile::uploadedAt)).toList();
  }

  /** The recorded job with this id. */
  public Optional<JobRecord> job(String jobId) {
    return Optional.ofNullable(read().jobs().get(jobId));
  }

  /** Every recorded job, oldest first. */
  public List<JobRecord> jobs() {
    return read().jobs().values().stream().sorted(Comparator.comparing(JobRecord::createdAt)).toList();
  }

  /**
   * The current content; empty when the file does not exist yet.
   *
   * @throws UncheckedIOException naming the file when it cannot be read or is not a manifest
   */
  synchronized ManifestContent read() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return ManifestContent.EMPTY;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the fine-tuning manifest " + file + ": " + e.getMessage(), e);
    }
    try {
      ManifestContent content = MAPPER.readValue(bytes, ManifestContent.class);
      if (content.version() > ManifestContent.VERSION) {
        throw new UncheckedIOException(new IOException("the fine-tuning manifest " + file + " has version "
            + content.version() + ", newer than this toolkit understands (" + ManifestContent.VERSION + "); upgrade intervensi"));
      }
      return content;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("the fine-tuning manifest " + file + " is damaged ("
          + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + "); repair it or move it away"
          + " (it records what was uploaded and created, so without it duplicates are possible)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the fine-tuning manifest " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Applies {@code change} to the current content and writes the result atomically, under the lock.
   *
   * @return the content written
   */
  @SuppressWarnings("try") // the lock is held by being open
  synchronized ManifestContent update(UnaryOperator<ManifestContent> change) {
    Path absolute = file.toAbsolutePath().normalize();
    Path lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
    ReentrantLock processLock = PROCESS_LOCKS.computeIfAbsent(absolute, path -> new ReentrantLock());
    processLock.lock();
    try {
      Files.createDirectories(absolute.getParent());
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        ManifestContent updated = change.apply(read());
        OutputFiles.write(file, true, MAPPER.writeValueAsBytes(updated));
        return updated;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update the fine-tuning manifest " + file + ": " + e.getMessage(), e);
    } finally {
      processLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "JobManifest{" + file + "}";
  }
}
