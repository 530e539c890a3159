package org.emodu.intervention.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.emodu.intervention.core.io.JsonLines;
import org.emodu.intervention.core.io.LineReader;
import org.emodu.intervention.core.io.MalformedLineException;
import org.emodu.intervention.core.io.UntrustedText;

/**
 * Appends every generation to a JSON Lines file, one {@link InteractionRecord} a line. Safe for many
 * threads and, because each line is one write to a file opened for appending, for several processes
 * sharing a file: lines never interleave. Existing content is never changed.
 *
 * <p>The log holds students' names and the texts shown to them: personal data, written only where
 * a user asks for it.
 */
public final class InteractionLog implements AutoCloseable {

  private static final ObjectWriter WRITER = Json.mapper().writerFor(InteractionRecord.class);

  private final Path file;
  private final FileChannel channel;
  private final Clock clock;

  private InteractionLog(Path file, FileChannel channel, Clock clock) {
    this.file = file;
    this.channel = channel;
    this.clock = clock;
  }

  /**
   * Opens a log for appending, creating the file and its parent directories when absent.
   *
   * @throws UncheckedIOException naming the file when it cannot be opened
   */
  public static InteractionLog open(Path file) {
    return open(file, Clock.systemUTC());
  }

  static InteractionLog open(Path file, Clock clock) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      FileChannel channel = FileChannel.open(file,
          StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      return new InteractionLog(file, channel, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the interaction log " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  /** Appends a successful generation. */
  public void append(InterventionRequest request, Intervention intervention) {
    write(InteractionRecord.of(request, intervention, clock.instant()));
  }

  /** Appends a generation that failed without an answer. */
  public void appendFailure(InterventionRequest request, String generator, String model, Throwable error, long latencyMs) {
    write(InteractionRecord.failure(request, generator, model, error, latencyMs, clock.instant()));
  }

  /** Appends a record as one line. */
  public void write(InteractionRecord record) {
    byte[] line;
    try {
      line = (WRITER.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an interaction record", e);
    }
    ByteBuffer buffer = ByteBuffer.wrap(line);
    synchronized (channel) {
      try {
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to the interaction log " + file + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the interaction log " + file, e);
    }
  }

  /**
   * Reads every record of a log.
   *
   * @throws IllegalArgumentException naming each line that is not a record
   * @throws UncheckedIOException when the file cannot be read
   */
  public static List<InteractionRecord> read(Path file) {
    List<InteractionRecord> records = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    long unreadable = 0;
    try (LineReader lines = LineReader.open(file)) {
      while (true) {
        String problem = null;
        try {
          String line = lines.next();
          if (line == null) {
            break;
          }
          if (line.isBlank()) {
            continue;
          }
          records.add(Json.mapper().treeToValue(JsonLines.parse(line, lines.lineNumber()), InteractionRecord.class));
        } catch (MalformedLineException e) {
          problem = e.getMessage();
        } catch (JsonProcessingException e) {
          problem = "line " + lines.lineNumber() + ": not an interaction record: " + JsonLines.describe(e);
        } catch (IllegalArgumentException e) {
          problem = "line " + lines.lineNumber() + ": not an interaction record: " + UntrustedText.printable(String.valueOf(e.getMessage()), 200);
        }
        if (problem != null) {
          unreadable++;
          if (problems.size() < 10) {
            problems.add(problem);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the interaction log " + file + ": " + e.getMessage(), e);
    }
    if (unreadable > 0) {
      throw new IllegalArgumentException("the interaction log " + file + " has " + unreadable
          + " unreadable line(s): " + String.join("; ", problems) + (unreadable > problems.size() ? "; …" : ""));
    }
    return records;
  }
}
