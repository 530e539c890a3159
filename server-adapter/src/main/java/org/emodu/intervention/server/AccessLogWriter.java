package org.emodu.intervention.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.emodu.intervention.core.internal.Threads;

/**
 * Writes access-log lines to a stream on a thread of its own, in batches: a request thread only
 * queues the line's fields, and the writer formats whatever has queued up within a couple of
 * milliseconds and writes it with one flush, so a busy server makes one write for many lines while
 * an idle one still shows each line at once. Lines are never dropped: when the queue is full, a
 * request thread waits for room.
 *
 * <p>Each line reads {@code 2026-11-27T20:50:01.184Z access request=... latency_ms=3}, the
 * timestamp in the JVM's time zone with its offset, as the Logback pattern
 * {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} access %msg%n} wrote it.
 */
final class AccessLogWriter implements AutoCloseable {

  static final int QUEUE_CAPACITY = 8192;
  private static final int BATCH = 1024;
  private static final long LINGER_MILLIS = 2;
  private static final String LINE_SEPARATOR = System.lineSeparator();

  /** One request's line, formatted on the writer thread. */
  record Line(long epochMillis, String requestId, String method, String route, int status, String emotion,
      String generator, String fallback, long latencyMs) {}

  private static final Line END = new Line(0, "", "", "", 0, "", "", "", 0);

  private final BlockingQueue<Line> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final OutputStream out;
  private final Thread thread;
  private final Timestamps timestamps;
  private volatile boolean closed;

  AccessLogWriter(OutputStream out, ZoneId zone) {
    this.out = out;
    this.timestamps = new Timestamps(zone);
    this.thread = Threads.start("intervensi-access-log", this::run);
  }

  /** Queues a line, waiting for room when the writer is behind. */
  void write(Line line) {
    if (closed) {
      return;
    }
    try {
      queue.put(line);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes what is queued, then stops the writer thread. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      queue.put(END);
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Line> batch = new ArrayList<>(BATCH);
    StringBuilder text = new StringBuilder(64 * 1024);
    boolean ended = false;
    boolean failed = false;
    while (!ended) {
      try {
        batch.add(queue.take());
        // Let the lines of a busy moment gather for a couple of milliseconds, so that they cost
        // one write instead of one write and one wake-up each.
        Thread.sleep(LINGER_MILLIS);
      } catch (InterruptedException e) {
        // Only close() ends the writer; an interrupt from elsewhere must not lose lines.
        if (batch.isEmpty()) {
          continue;
        }
      }
      queue.drainTo(batch, BATCH - 1);
      text.setLength(0);
      for (Line line : batch) {
        if (line == END) {
          ended = true;
          break;
        }
        format(line, text);
        text.append(LINE_SEPARATOR);
      }
      batch.clear();
      try {
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        // Standard output is gone (a closed pipe): keep draining so that no request waits for
        // room, and tell the operator once, on the only channel left.
        if (!failed) {
          failed = true;
          System.err.println("intervensi: the access log cannot be written to standard output: " + e.getMessage());
        }
      }
    }
  }

  void format(Line line, StringBuilder text) {
    timestamps.append(line.epochMillis(), text);
    text.append(" access request=").append(line.requestId())
        .append(" method=").append(line.method())
        .append(" route=").append(line.route())
        .append(" status=").append(line.status())
        .append(" emotion=").append(line.emotion())
        .append(" generator=").append(line.generator())
        .append(" fallback=").append(line.fallback())
        .append(" latency_ms=").append(line.latencyMs());
  }

  /** ISO-8601 timestamps with milliseconds and offset, formatted once a second and patched below it. */
  static final class Timestamps {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("XXX");

    private final ZoneId zone;
    private long second = Long.MIN_VALUE;
    private String prefix;
    private String offset;

    Timestamps(ZoneId zone) {
      this.zone = zone;
    }

    void append(long epochMillis, StringBuilder text) {
      long currentSecond = Math.floorDiv(epochMillis, 1000);
      if (currentSecond != second) {
        java.time.ZonedDateTime time = Instant.ofEpochSecond(currentSecond).atZone(zone);
        prefix = SECONDS.format(time) + ".";
        offset = OFFSET.format(time);
        second = currentSecond;
      }
      int millis = (int) Math.floorMod(epochMillis, 1000);
      text.append(prefix);
      if (millis < 100) {
        text.append('0');
      }
      if (millis < 10) {
        text.append('0');
      }
      text.append(millis).append(offset);
    }
  }
}
