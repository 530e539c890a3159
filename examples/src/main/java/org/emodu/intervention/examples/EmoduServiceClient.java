package org.emodu.intervention.examples;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.server.InterventionServer;

/**
 * Calls the HTTP adapter as an Emodu service would, with nothing but {@code java.net.http}: the
 * seed's {@code GET /openai} and the typed {@code POST /v1/interventions}, with a bearer token when
 * one is given and a short client timeout (the server answers within its deadline).
 *
 * <pre>
 * mvn -B -q -DskipTests -pl cli,examples -am package
 * CP="examples/target/classes:$(ls cli/target/lib/*.jar | tr '\n' ':')"
 * java -cp "$CP" org.emodu.intervention.examples.EmoduServiceClient http://localhost:8000 "$TOKEN"
 * java -cp "$CP" org.emodu.intervention.examples.EmoduServiceClient   # starts an offline server of its own
 * </pre>
 */
public final class EmoduServiceClient {

  private EmoduServiceClient() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    InterventionServer embedded = null;
    URI base;
    if (args.length > 0) {
      base = URI.create(args[0]);
    } else {
      embedded = InterventionServer.builder(Settings.of(Map.of()))
          .host("127.0.0.1").port(0).profile(Profile.OFFLINE).start();
      base = embedded.uri();
      System.out.println("started an offline server at " + base);
    }
    String token = args.length > 1 ? args[1] : null;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("username", "Budi");
      query.put("emotion", "bosan");
      query.put("reinforcement", "positive");
      query.put("arcsmodel", "attention");
      query.put("classname", "XII-IPA-1");
      query.put("subject", "Fisika");
      String encoded = query.entrySet().stream()
          .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
          .collect(Collectors.joining("&"));
      HttpResponse<String> seed = client.send(request(base.resolve("/openai?" + encoded), token).GET().build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      System.out.println("GET /openai -> " + seed.statusCode() + " " + seed.body());

      String body = "{\"username\":\"Sari\",\"emotion\":\"bingung\",\"classname\":\"X-2\",\"subject\":\"Kimia\"}";
      HttpResponse<String> typed = client.send(request(base.resolve("/v1/interventions"), token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
              .build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      System.out.println("POST /v1/interventions -> " + typed.statusCode() + " " + typed.body());
      if (typed.statusCode() == 429) {
        System.out.println("rate limited; retry after " + typed.headers().firstValue("Retry-After").orElse("?") + " s");
      }
    } finally {
      if (embedded != null) {
        embedded.stop();
      }
    }
  }

  private static HttpRequest.Builder request(URI uri, String token) {
    // The server answers within its deadline (3 s by default); wait a little longer, no more.
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }
}
