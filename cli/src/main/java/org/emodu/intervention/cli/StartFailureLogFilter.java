package org.emodu.intervention.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Javalin's own {@code Failed to start Javalin} line (logged without its cause, before the
 * exception that says what failed): the server adapter turns that exception into the command line's
 * message (a port in use: {@code cannot listen on HOST:PORT ...; choose another with --port}), so the
 * user reads our message first and only. Every other log line passes. Wired in {@link LogbackSetup}.
 */
final class StartFailureLogFilter extends TurboFilter {

  static final String LOGGER = "io.javalin.Javalin";
  static final String MESSAGE = "Failed to start Javalin";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (logger != null && LOGGER.equals(logger.getName()) && MESSAGE.equals(format)) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
