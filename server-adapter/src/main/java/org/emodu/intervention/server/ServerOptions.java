package org.emodu.intervention.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.emodu.intervention.core.Generators;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.SettingsException;

/**
 * What the server reads from {@link Settings}, checked once at start-up so that a bad value fails
 * there, naming the variable, rather than on the first request.
 */
record ServerOptions(
    String host,
    int port,
    Duration deadline,
    boolean fallback,
    List<String> tokens,
    int ratePerMinute,
    List<String> corsOrigins,
    Optional<Path> interactionLog) {

  /** The largest request body accepted, in bytes. */
  static final int MAX_BODY_BYTES = 16 * 1024;
  /** How much of a body over {@link #MAX_BODY_BYTES} is read and dropped so that its 413 reaches the client. */
  static final long MAX_DRAINED_BYTES = 1024 * 1024;

  ServerOptions {
    tokens = List.copyOf(tokens);
    corsOrigins = List.copyOf(corsOrigins);
  }

  static ServerOptions from(Settings settings) {
    return new ServerOptions(
        settings.get(ServerSettings.HOST, "0.0.0.0"),
        settings.intValue(ServerSettings.PORT, ServerSettings.DEFAULT_PORT, 0, 65_535),
        settings.millis(Settings.DEADLINE_MS, Generators.DEFAULT_DEADLINE),
        settings.flag(Settings.FALLBACK, true),
        tokens(settings),
        settings.intValue(ServerSettings.RATE_LIMIT, 0, 0, 1_000_000),
        list(settings.get(ServerSettings.CORS_ORIGINS).orElse("")),
        settings.path(Settings.LOG));
  }

  ServerOptions withPort(int port) {
    return new ServerOptions(host, port, deadline, fallback, tokens, ratePerMinute, corsOrigins, interactionLog);
  }

  ServerOptions withHost(String host) {
    return new ServerOptions(host, port, deadline, fallback, tokens, ratePerMinute, corsOrigins, interactionLog);
  }

  private static List<String> tokens(Settings settings) {
    List<String> tokens = list(settings.get(ServerSettings.API_TOKENS).orElse(""));
    for (String token : tokens) {
      if (token.length() < 16 || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
        // Never echo the value: it is a secret even when it is a poor one.
        throw new SettingsException(ServerSettings.API_TOKENS
            + " holds a token that is shorter than 16 characters or not printable ASCII; use long random tokens");
      }
    }
    return tokens;
  }

  private static List<String> list(String text) {
    List<String> values = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        values.add(part.strip());
      }
    }
    return values;
  }
}
