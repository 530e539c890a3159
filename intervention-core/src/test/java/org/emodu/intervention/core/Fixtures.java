package org.emodu.intervention.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import okhttp3.mockwebserver.MockResponse;

/** OpenAI API response bodies in the API's real shapes, for MockWebServer. */
final class Fixtures {

  private Fixtures() {}

  static String body(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/openai/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MockResponse json(int status, String body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }

  static MockResponse chatCompletion() {
    return json(200, body("chat-completion.json"));
  }

  /** A chat completion whose assistant message is {@code content}. */
  static MockResponse chatCompletion(String content) {
    String escaped = Json.mapper().getNodeFactory().textNode(content).toString();
    String original = "\"Hai Budi! Yuk tebak, rumus Fisika mana yang dipakai roller coaster? 🎢 Fokus sebentar lagi, seru banget kok! 😄\"";
    String body = body("chat-completion.json");
    if (!body.contains(original)) {
      throw new IllegalStateException("the chat completion fixture changed");
    }
    return json(200, body.replace(original, escaped));
  }

  static MockResponse rateLimited(int retryAfterSeconds) {
    return json(429, body("error-429.json"))
        .setHeader("retry-after", String.valueOf(retryAfterSeconds))
        .setHeader("x-ratelimit-limit-requests", "3500")
        .setHeader("x-ratelimit-remaining-requests", "0")
        .setHeader("x-ratelimit-reset-requests", retryAfterSeconds + "s");
  }
}
