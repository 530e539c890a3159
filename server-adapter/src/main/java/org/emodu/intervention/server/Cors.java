package org.emodu.intervention.server;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cross-origin access for browsers, from an allow-list ({@code *} allows any origin). An allowed
 * origin gets {@code Access-Control-Allow-Origin}; a preflight from it is answered 204 with the
 * methods and headers the API uses. Other origins get no CORS headers, so browsers refuse them.
 */
final class Cors {

  private final Set<String> origins;
  private final boolean anyOrigin;

  Cors(List<String> origins) {
    this.anyOrigin = origins.contains("*");
    this.origins = Set.copyOf(origins.stream().map(origin -> origin.replaceAll("/+$", "")).toList());
  }

  boolean enabled() {
    return anyOrigin || !origins.isEmpty();
  }

  /** Adds the CORS headers to an answer to an allowed origin. */
  void decorate(Context ctx) {
    headers(ctx.header("Origin")).forEach(ctx::header);
  }

  /** The CORS headers of an answer to a request from {@code origin} (null when it sent none). */
  Map<String, String> headers(String origin) {
    if (origin == null || !allowed(origin)) {
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
    if (!anyOrigin) {
      headers.put("Vary", "Origin");
    }
    headers.put("Access-Control-Expose-Headers", "Retry-After, X-Request-Id, X-Intervensi-Fallback");
    return headers;
  }

  /** Answers a preflight request. */
  void preflight(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null || !allowed(origin)) {
      throw ApiError.of(403, "origin_not_allowed", "this origin may not call the API from a browser");
    }
    decorate(ctx);
    ctx.header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
    ctx.header("Access-Control-Max-Age", "600");
    ctx.status(204);
  }

  private boolean allowed(String origin) {
    return anyOrigin || origins.contains(origin);
  }
}
