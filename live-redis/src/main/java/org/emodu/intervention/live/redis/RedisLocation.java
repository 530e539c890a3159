package org.emodu.intervention.live.redis;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a Redis is, parsed from {@code redis://[[user]:password@]host[:port][/db]}. Its
 * {@link #toString} is {@code host:port/db}, never the password, so that it can go into messages
 * and logs.
 */
record RedisLocation(String host, int port, int database, Optional<String> username, Optional<String> password) {

  /** The form accepted, for messages. */
  static final String FORM = "redis://[:password@]host:port[/db]";

  RedisLocation {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /**
   * Parses a Redis URI.
   *
   * @throws IllegalArgumentException naming what is wrong, with any password in {@code text} masked
   */
  static RedisLocation parse(String text) {
    Objects.requireNonNull(text, "text");
    String shown = masked(text);
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + shown + "' is not a URI; give " + FORM);
    }
    if (!"redis".equalsIgnoreCase(uri.getScheme()) || uri.isOpaque()) {
      throw new IllegalArgumentException("'" + shown + "' is not a redis:// URI; give " + FORM);
    }
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("'" + shown + "' names no host; give " + FORM);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() < 0 ? RedisURI.DEFAULT_REDIS_PORT : uri.getPort();
    int database = 0;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (!path.isEmpty() && !path.equals("/")) {
      String digits = path.substring(1);
      if (!digits.matches("[0-9]{1,5}")) {
        throw new IllegalArgumentException("'" + shown + "' has the path '" + path
            + "'; the only path is a database number such as /0; give " + FORM);
      }
      database = Integer.parseInt(digits);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("'" + shown + "' has a query or fragment; give " + FORM);
    }
    Optional<String> username = Optional.empty();
    Optional<String> password = Optional.empty();
    String userInfo = uri.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        // redis://secret@host is how some clients spell a password alone.
        password = Optional.of(userInfo);
      } else {
        username = Optional.of(userInfo.substring(0, colon)).filter(name -> !name.isEmpty());
        password = Optional.of(userInfo.substring(colon + 1));
      }
      password = password.filter(secret -> !secret.isEmpty());
    }
    return new RedisLocation(host, port, database, username, password);
  }

  /** Lettuce's form of this location, with the command timeout. */
  RedisURI toRedisUri(Duration timeout) {
    RedisURI.Builder builder = RedisURI.Builder.redis(host, port).withDatabase(database).withTimeout(timeout);
    if (password.isPresent()) {
      if (username.isPresent()) {
        builder.withAuthentication(username.get(), password.get());
      } else {
        builder.withPassword(password.get().toCharArray());
      }
    }
    return builder.build();
  }

  /** {@code host:port/db}: no user name, no password. */
  @Override
  public String toString() {
    String shownHost = host.contains(":") ? "[" + host + "]" : host;
    return shownHost + ":" + port + "/" + database;
  }

  /** The text with whatever stands between {@code //} and {@code @} replaced, for messages. */
  static String masked(String text) {
    int start = text.indexOf("//");
    int at = text.lastIndexOf('@');
    if (start >= 0 && at > start) {
      return text.substring(0, start + 2) + "***" + text.substring(at);
    }
    return text;
  }
}
