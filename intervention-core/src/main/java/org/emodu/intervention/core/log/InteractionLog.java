package org.emodu.intervention.core.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.internal.io.JsonLines;
import org.emodu.intervention.core.internal.io.LineAppender;
import org.emodu.intervention.core.internal.io.LineReader;
import org.emodu.intervention.core.internal.io.MalformedLineException;
import org.emodu.intervention.core.internal.io.UntrustedText;

/**
 * Appends every generation to a JSON Lines file, one {@link InteractionRecord} a line. Safe for many
 * threads and, because each line is one write to a file opened for appending, for several processes
 * sharing a file: lines never interleave. Existing content is never changed.
 *
 * <p>A live-class policy writes its decisions and outcomes to the same file as
 * {@link PolicyRecord}s, told apart by their {@code kind}; {@link #read} returns the generations only
 * and {@link #readPolicy} the policy's records only, so readers of generations are unchanged.
 *
 * <p>The log holds students' names and the texts shown to them: personal data, written only where
 * a user asks for it.
 */
public final class InteractionLog implements AutoCloseable {

  private static final ObjectWriter WRITER = Json.mapper().writerFor(InteractionRecord.class);
  private static final ObjectWriter POLICY_WRITER = Json.mapper().writerFor(PolicyRecord.class);

  private final Path file;
  private final LineAppender appender;
  private final Clock clock;

  private InteractionLog(Path file, LineAppender appender, Clock clock) {
    this.file = file;
    this.appender = appender;
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
      return new InteractionLog(file, LineAppender.shared(file), clock);
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
    writeLine(WRITER, record);
  }

  /** Appends a policy's decision or outcome as one line. */
  public void write(PolicyRecord record) {
    writeLine(POLICY_WRITER, record);
  }

  private void writeLine(ObjectWriter writer, Object record) {
    String line;
    try {
      line = writer.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an interaction record", e);
    }
    try {
      appender.append(line);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the interaction log " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      appender.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the interaction log " + file, e);
    }
  }

  /**
   * Reads every generation of a log, skipping a policy's decisions and outcomes.
   *
   * @throws IllegalArgumentException naming each line that is not a record
   * @throws UncheckedIOException when the file cannot be read
   */
  public static List<InteractionRecord> read(Path file) {
    return read(file, InteractionRecord.class, false);
  }

  /**
   * Reads every decision and outcome a live-class policy wrote to a log, skipping the generations.
   *
   * @throws IllegalArgumentException naming each line that is not a record
   * @throws UncheckedIOException when the file cannot be read
   */
  public static List<PolicyRecord> readPolicy(Path file) {
    return read(file, PolicyRecord.class, true);
  }

  private static <T> List<T> read(Path file, Class<T> type, boolean policy) {
    List<T> records = new ArrayList<>();
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
          com.fasterxml.jackson.databind.JsonNode tree = JsonLines.parse(line, lines.lineNumber());
          if (tree.hasNonNull("kind") != policy) {
            continue;
          }
          records.add(Json.mapper().treeToValue(tree, type));
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
