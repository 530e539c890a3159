package org.emodu.intervention.finetune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
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
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.core.internal.io.JsonLines;
import org.emodu.intervention.core.internal.io.LineReader;
import org.emodu.intervention.core.internal.io.MalformedLineException;
import org.emodu.intervention.core.internal.io.UntrustedText;

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

  /**
   * The largest manifest read: a pretty-printed job record takes about 600 bytes, so this holds
   * about 100,000 jobs; a larger file is not a manifest, and refusing it keeps memory bounded.
   */
  static final int MAX_BYTES = 64 << 20;

  private static final ObjectMapper MAPPER = Json.mapper().copy()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final ObjectReader READER = MAPPER.readerFor(ManifestContent.class)
      .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
   * The current content; empty when the file does not exist yet. The file is read as every input of
   * the toolkit is (UTF-8 checked line by line, at most {@value #MAX_BYTES} bytes in all) and parsed
   * strictly: a key twice in one object, or anything after the manifest's object, makes it damaged.
   *
   * @throws UncheckedIOException naming the file, and for a damaged one the line and column of the
   *     problem and how to go on, when it cannot be read or is not a manifest
   */
  synchronized ManifestContent read() {
    String text;
    try {
      text = text();
    } catch (NoSuchFileException e) {
      return ManifestContent.EMPTY;
    } catch (MalformedLineException e) {
      throw damaged(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the fine-tuning manifest " + file + ": "
          + UntrustedText.printable(String.valueOf(e.getMessage()), 200), e);
    }
    if (text.isBlank()) {
      throw damaged("the file is empty", null);
    }
    ManifestContent content;
    try {
      content = READER.readValue(text);
    } catch (JsonProcessingException e) {
      throw damaged(JsonLines.describeWithPlace(e), e);
    }
    if (content == null) {
      throw damaged("it holds null where the manifest's object should be", null);
    }
    if (content.version() > ManifestContent.VERSION) {
      throw new UncheckedIOException(new IOException("the fine-tuning manifest " + file + " has version "
          + content.version() + ", newer than this toolkit understands (" + ManifestContent.VERSION + "); upgrade intervensi"));
    }
    return content;
  }

  /** The file's text, lines joined by {@code \n}; a file too large for a manifest is damaged. */
  private String text() throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw damaged("it holds " + MalformedLineException.size(size) + ", more than the " + MalformedLineException.size(MAX_BYTES)
          + " a manifest of even 100,000 jobs comes near", null);
    }
    StringBuilder text = new StringBuilder((int) size);
    try (LineReader lines = LineReader.open(file, MAX_BYTES)) {
      String line;
      while ((line = lines.next()) != null) {
        if (text.length() + line.length() > MAX_BYTES) {
          throw damaged("it holds more than the " + MalformedLineException.size(MAX_BYTES)
              + " a manifest of even 100,000 jobs comes near", null);
        }
        text.append(line).append('\n');
      }
    }
    return text.toString();
  }

  /**
   * The manifest cannot be used as it is: what is wrong, what the file is for, and the two ways on.
   * The toolkit never writes a damaged manifest (every change is a rename of a complete file), so
   * the damage came from outside: an edit, a merge, a copy cut short.
   */
  private UncheckedIOException damaged(String problem, Throwable cause) {
    Path name = file.getFileName();
    return new UncheckedIOException("the fine-tuning manifest " + file + " is damaged: " + problem + ". It records"
        + " which files were uploaded and which jobs were created, so that no command pays twice; repair it there"
        + " (or restore a copy, from version control for instance), or move it aside (rename it to " + name
        + ".damaged, say) and the next command starts a new one, which knows none of the earlier uploads and"
        + " jobs: they would be uploaded and created again", new IOException(problem, cause));
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
