package org.emodu.intervention.server;

import io.github.bucket4j.ConsumptionProbe;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Who may call and how often. With tokens configured, a request needs
 * {@code Authorization: Bearer <token>} naming one of them, compared in constant time (digests of
 * equal length, every token checked); with a rate, each client (its token, or its remote address
 * when no tokens are set) gets that many requests a minute from a Bucket4j bucket that refills
 * evenly ({@link ClientBuckets}: in this JVM, or in Redis shared by every instance), and is told in
 * {@code Retry-After} when to come back. Requests while the server is not ready (starting or
 * stopping, answered 503) take nothing from the allowance, so a client that retries through the
 * start-up keeps its whole rate for the answers it gets.
 */
final class Guard {

  private final List<byte[]> tokenDigests;
  private final int ratePerMinute;
  private final ClientBuckets buckets;
  private final BooleanSupplier ready;

  Guard(List<String> tokens, int ratePerMinute) {
    this(tokens, ratePerMinute, ClientBuckets.memory(ratePerMinute), () -> true);
  }

  /**
   * As above, the buckets kept in {@code buckets} (in this JVM, or shared in Redis), counting only
   * while {@code ready} says the server answers.
   */
  Guard(List<String> tokens, int ratePerMinute, ClientBuckets buckets, BooleanSupplier ready) {
    this.tokenDigests = tokens.stream().map(Guard::digest).toList();
    this.ratePerMinute = ratePerMinute;
    this.buckets = buckets;
    this.ready = ready;
  }

  boolean authenticates() {
    return !tokenDigests.isEmpty();
  }

  boolean limits() {
    return ratePerMinute > 0;
  }

  /**
   * Checks the request and returns the client's key for the rate limit.
   *
   * @throws ApiError 401 when tokens are configured and the header names none of them
   */
  String authenticate(String authorization, String remoteAddress) {
    if (tokenDigests.isEmpty()) {
      return "address:" + remoteAddress;
    }
    if (authorization == null || authorization.isBlank()) {
      throw ApiError.of(401, "unauthorized", "this server needs 'Authorization: Bearer <token>'")
          .withHeader("WWW-Authenticate", "Bearer");
    }
    String[] parts = authorization.strip().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
      throw ApiError.of(401, "unauthorized", "the Authorization header must be 'Bearer <token>'")
          .withHeader("WWW-Authenticate", "Bearer");
    }
    byte[] given = digest(parts[1]);
    int match = -1;
    for (int i = 0; i < tokenDigests.size(); i++) {
      if (MessageDigest.isEqual(given, tokenDigests.get(i)) && match < 0) {
        match = i;
      }
    }
    if (match < 0) {
      throw ApiError.of(401, "unauthorized", "the bearer token is not accepted")
          .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    return "token:" + match;
  }

  /**
   * Takes one request from the client's allowance; nothing while the server is not ready, since that
   * request is answered 503 without any work.
   *
   * @throws ApiError 429 with {@code Retry-After} (whole seconds) when the allowance is spent
   */
  void admit(String client) {
    if (ratePerMinute <= 0 || !ready.getAsBoolean()) {
      return;
    }
    ConsumptionProbe probe = buckets.consume(client);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
      throw ApiError.of(429, "rate_limited", "more than " + ratePerMinute + " requests a minute; retry in "
              + seconds + " s")
          .withHeader("Retry-After", Long.toString(seconds));
    }
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
