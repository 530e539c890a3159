package org.emodu.intervention.server;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the logger {@value #NAME}: request id, method, route, status, emotion,
 * generator, whether a fallback answered, and latency. Never the student's name, the text, the
 * query string or any header: the line is safe to ship to a log service.
 *
 * <p>When nothing configures that logger (no level, no appender, as under the command line's
 * quiet Logback set-up), the server gives it an asynchronous appender on standard output, so that
 * request threads never wait on the console; {@link #close} flushes and removes it.
 */
final class AccessLog implements AutoCloseable {

  static final String NAME = "intervensi.access";

  private static final Logger LOG = LoggerFactory.getLogger(NAME);

  private final AsyncAppender installed;

  private AccessLog(AsyncAppender installed) {
    this.installed = installed;
  }

  /** The access log, with a console appender of its own when Logback has none configured for it. */
  static AccessLog open() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return new AccessLog(null);
    }
    ch.qos.logback.classic.Logger logger = context.getLogger(NAME);
    if (logger.getLevel() != null || logger.iteratorForAppenders().hasNext()) {
      return new AccessLog(null);
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} access %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("intervensi-access-console");
    console.setEncoder(encoder);
    console.start();
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName("intervensi-access");
    async.setQueueSize(8192);
    // Keep every line (no discarding of INFO events when the queue fills); wait rather than drop.
    async.setDiscardingThreshold(0);
    async.addAppender(console);
    async.start();
    logger.addAppender(async);
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    return new AccessLog(async);
  }

  boolean enabled() {
    return LOG.isInfoEnabled();
  }

  void request(String requestId, String method, String route, int status, String emotion, String generator,
      String fallback, long latencyMs) {
    if (LOG.isInfoEnabled()) {
      LOG.info("request={} method={} route={} status={} emotion={} generator={} fallback={} latency_ms={}",
          requestId, method, route, status, emotion, generator, fallback, latencyMs);
    }
  }

  @Override
  public void close() {
    if (installed != null) {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      ch.qos.logback.classic.Logger logger = context.getLogger(NAME);
      logger.detachAppender(installed);
      installed.stop();
      installed.detachAndStopAllAppenders();
      logger.setLevel(null);
      logger.setAdditive(true);
    }
  }
}
