package org.emodu.intervention.core.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/** Keeps secrets out of messages, logs and {@code toString} output. */
public final class Secrets {

  // OpenAI keys (sk-..., sk-proj-..., including the server's masked echoes) and bearer tokens.
  private static final Pattern KEY_LIKE =
      Pattern.compile("(sk-[A-Za-z0-9_*-]{6,}|(?i:bearer)\\s+[A-Za-z0-9._~+/=-]{6,})");

  // The user-info part of a URL (https://user:password@host/...), up to the last @ before the path,
  // so that a password holding an unescaped @ is hidden whole.
  private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#\\s]*@");

  private Secrets() {}

  /**
   * Replaces anything that looks like an API key or bearer token, and the credentials of any URL
   * ({@code https://user:password@host} becomes {@code https://[redacted]@host}), with
   * {@code [redacted]}.
   */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String withoutUrlCredentials = URL_CREDENTIALS.matcher(text).replaceAll("$1[redacted]@");
    return KEY_LIKE.matcher(withoutUrlCredentials).replaceAll("[redacted]");
  }

  /** Whether a setting's name says it holds a secret (a key, token, secret or password). */
  public static boolean isSecretName(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return upper.contains("KEY") || upper.contains("TOKEN") || upper.contains("SECRET") || upper.contains("PASSWORD");
  }
}
