package org.emodu.intervention.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.internal.Json;

/** A server on an ephemeral loopback port and a real HTTP client for it. */
final class TestServer implements AutoCloseable {

  static final String SEED_QUERY =
      "username=Budi&emotion=bosan&reinforcement=positive&arcsmodel=attention&classname=XII-IPA-1&subject=Fisika";

  static {
    // Each test request closes its connection, so that no idle keep-alive connection holds up a
    // server's stop (Jetty then waits a second for its threads).
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  final InterventionServer server;

  private TestServer(InterventionServer server) {
    this.server = server;
  }

  /** An offline server with these settings (and a fixed seed). */
  static TestServer offline(Map<String, String> settings) {
    return start(settings, Profile.OFFLINE);
  }

  static TestServer start(Map<String, String> settings, Profile profile) {
    return new TestServer(InterventionServer.builder(Settings.of(settings))
        .host("127.0.0.1").port(0).profile(profile).seed(7).start());
  }

  static TestServer start(InterventionServer.Builder builder) {
    return new TestServer(builder.host("127.0.0.1").port(0).seed(7).start());
  }

  /** Settings for the base profile against a MockWebServer at {@code baseUrl}. */
  static Map<String, String> modelSettings(String baseUrl, String... more) {
    Map<String, String> settings = new HashMap<>();
    settings.put(Settings.OPENAI_API_KEY, "sk-test-0123456789abcdef");
    settings.put(Settings.OPENAI_BASE_URL, baseUrl);
    settings.put(Settings.MAX_RETRIES, "0");
    // A deadline no busy machine reaches, unless a test sets one: a test of what the model answers
    // must not see its fallback because a cold client's first call took seconds under load.
    settings.put(Settings.DEADLINE_MS, "60000");
    for (int i = 0; i + 1 < more.length; i += 2) {
      settings.put(more[i], more[i + 1]);
    }
    return settings;
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).GET().timeout(Duration.ofSeconds(20));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  HttpResponse<String> post(String path, String contentType, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .timeout(Duration.ofSeconds(20));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  /**
   * Sends a GET with a request target {@code java.net.URI} would refuse, over a plain socket, and
   * returns the status line's code and the body.
   */
  RawResponse rawGet(String target) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      String whole = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(whole.substring(9, 12));
      int split = whole.indexOf("\r\n\r\n");
      String head = whole.substring(0, split);
      String body = whole.substring(split + 4);
      return new RawResponse(status, head, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends these bytes as they are over a plain socket and reads the answer until the server
   * closes the connection (send {@code Connection: close} unless the server will close it anyway).
   */
  RawResponse raw(String request) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return RawResponse.parse(socket.getInputStream().readAllBytes());
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("no answer within 20 s", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A status code, the raw head and the body of an answer read off a socket. */
  record RawResponse(int status, String head, String body) {
    static RawResponse parse(byte[] bytes) {
      String whole = new String(bytes, StandardCharsets.UTF_8);
      if (!whole.startsWith("HTTP/1.")) {
        throw new AssertionError("not an HTTP answer: " + whole);
      }
      int split = whole.indexOf("\r\n\r\n");
      return new RawResponse(Integer.parseInt(whole.substring(9, 12)), whole.substring(0, split), whole.substring(split + 4));
    }

    /** A header's value, or null. */
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return line.substring(colon + 1).strip();
        }
      }
      return null;
    }
  }

  static HttpResponse<String> send(HttpRequest original) {
    HttpRequest request = HttpRequest.newBuilder(original, (name, value) -> true).header("Connection", "close").build();
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    return json(response.body());
  }

  static JsonNode json(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + body, e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
