package org.emodu.intervention.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.emodu.intervention.core.Generators;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.SettingsException;
import org.emodu.intervention.core.internal.io.UntrustedText;

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
        corsOrigins(settings),
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
    if (tokens.isEmpty() && settings.isSet(ServerSettings.API_TOKENS)) {
      // Only commas and spaces: read as no tokens, it would turn authentication off unnoticed.
      throw new SettingsException(ServerSettings.API_TOKENS + " is set but holds no token, only commas or spaces;"
          + " give comma-separated tokens of at least 16 printable characters, or unset it to serve without tokens");
    }
    for (String token : tokens) {
      if (token.length() < 16 || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
        // Never echo the value: it is a secret even when it is a poor one.
        throw new SettingsException(ServerSettings.API_TOKENS
            + " holds a token that is shorter than 16 characters or not printable ASCII; use long random tokens");
      }
    }
    return tokens;
  }

  /** The accepted form of an origin, for messages. */
  private static final String ORIGIN_FORM = "give origins as scheme://host[:port] (http or https, no path),"
      + " comma-separated, such as https://emodu.example,http://localhost:5173, or * alone for any origin";

  /**
   * The allowed origins, each as a browser sends it in {@code Origin}: the scheme and host in
   * lower case, the port only when it is not the scheme's own, no trailing slash.
   */
  private static List<String> corsOrigins(Settings settings) {
    Optional<String> value = settings.get(ServerSettings.CORS_ORIGINS);
    if (value.isEmpty()) {
      return List.of();
    }
    List<String> given = list(value.get());
    if (given.isEmpty()) {
      throw new SettingsException(ServerSettings.CORS_ORIGINS + " is set but holds no origin, only commas or spaces; "
          + ORIGIN_FORM + ", or unset it to allow no browser origin");
    }
    if (given.contains("*")) {
      if (given.size() > 1) {
        throw new SettingsException(ServerSettings.CORS_ORIGINS + " holds * beside other origins; " + ORIGIN_FORM);
      }
      return given;
    }
    List<String> origins = new ArrayList<>();
    for (String origin : given) {
      origins.add(origin(origin));
    }
    return origins;
  }

  private static String origin(String text) {
    String shown = UntrustedText.printable(text, 80);
    String problem = null;
    java.net.URI uri = null;
    try {
      uri = new java.net.URI(text.replaceAll("/+$", ""));
    } catch (java.net.URISyntaxException e) {
      problem = "is not a URL";
    }
    if (problem == null) {
      String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (scheme == null || uri.isOpaque()) {
        problem = "has no scheme";
      } else if (!scheme.equals("http") && !scheme.equals("https")) {
        problem = "has the scheme '" + scheme + "', not http or https";
      } else if (uri.getHost() == null || uri.getHost().contains("*")) {
        problem = "has no host name (wildcards such as *.example are not origins)";
      } else if (uri.getRawUserInfo() != null) {
        problem = "holds a user name";
      } else if (!uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        problem = "has a path, query or fragment, which an origin never has";
      } else {
        // Browsers leave out the scheme's own port.
        int port = uri.getPort();
        boolean defaultPort = port < 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(java.util.Locale.ROOT) + (defaultPort ? "" : ":" + port);
      }
    }
    throw new SettingsException(ServerSettings.CORS_ORIGINS + " holds '" + shown + "', which " + problem + "; "
        + ORIGIN_FORM);
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
