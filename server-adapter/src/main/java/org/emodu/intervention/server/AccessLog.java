package org.emodu.intervention.server;

import java.io.OutputStream;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the logger {@value #NAME}: request id, method, route, status, emotion,
 * generator, whether a fallback answered, and latency. Never the student's name, the text, the
 * query string or any header: the line is safe to ship to a log service.
 *
 * <p>By default lines go through SLF4J, so an embedding service's logging set-up decides where
 * they go. A process whose set-up does not configure that logger (the command line's, which shows
 * library errors only) asks for {@link #standardOutput}: the server then writes the lines to
 * standard output itself, in the same format, with an {@link AccessLogWriter} on a thread of its
 * own: request threads never wait on the console, and a busy server writes many lines at once
 * instead of one write per line. {@link #close} writes what is queued and stops that thread.
 */
final class AccessLog implements AutoCloseable {

  static final String NAME = "intervensi.access";

  private static final Logger LOG = LoggerFactory.getLogger(NAME);

  private final AccessLogWriter writer;

  private AccessLog(AccessLogWriter writer) {
    this.writer = writer;
  }

  /** The access log through SLF4J's logger {@value #NAME}, at info. */
  static AccessLog slf4j() {
    return new AccessLog(null);
  }

  /** The access log written to standard output by the server itself, whatever SLF4J is bound to. */
  static AccessLog standardOutput() {
    return new AccessLog(new AccessLogWriter(new StandardOutput(), ZoneId.systemDefault()));
  }

  boolean enabled() {
    return writer != null || LOG.isInfoEnabled();
  }

  void request(String requestId, String method, String route, int status, String emotion, String generator,
      String fallback, long latencyMs) {
    if (writer != null) {
      writer.write(new AccessLogWriter.Line(System.currentTimeMillis(), requestId, method, route, status, emotion,
          generator, fallback, latencyMs));
    } else if (LOG.isInfoEnabled()) {
      LOG.info("request={} method={} route={} status={} emotion={} generator={} fallback={} latency_ms={}",
          requestId, method, route, status, emotion, generator, fallback, latencyMs);
    }
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
  }

  /** Whatever {@code System.out} is at the time of each write, as Logback's console appender did. */
  private static final class StandardOutput extends OutputStream {
    @Override
    public void write(int b) {
      System.out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      System.out.write(bytes, offset, length);
    }

    @Override
    public void flush() {
      System.out.flush();
    }
  }
}
