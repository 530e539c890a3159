package org.emodu.intervention.server;

import java.util.Locale;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.emodu.intervention.core.internal.RequestIds;

/**
 * The errors Jetty answers itself, in the shape of every other error: requests it cannot parse
 * (a malformed request line, path or header, {@code Content-Length: abc}, a request line or headers
 * too long, HTTP/0.9 or an HTTP version it does not speak), requests that arrive while the server
 * drains on its way down (503 with {@code Retry-After}), and failures below Javalin. Jetty's own
 * pages are HTML and echo the request's URI, which may hold a student's name; these say what was
 * wrong in the project's words, name no part of the request, and carry an {@code X-Request-Id}.
 */
final class JsonErrorHandler extends ErrorHandler {

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    StringBuilder reasons = new StringBuilder(String.valueOf(request.getAttribute(ERROR_MESSAGE)));
    Object cause = request.getAttribute(ERROR_EXCEPTION);
    if (cause instanceof HttpException http) {
      status = http.getCode();
    }
    // The parser's reasons, and their causes' (a bad path is "Bad Request" caused by "Bad URI").
    for (Throwable next = cause instanceof Throwable failure ? failure : null; next != null && reasons.length() < 1000;
        next = next.getCause()) {
      reasons.append(' ').append(next.getMessage());
    }
    if (status < 400) {
      status = HttpStatus.INTERNAL_SERVER_ERROR_500;
    }
    ApiError error = describe(status, reasons.toString());
    if (status == HttpStatus.SERVICE_UNAVAILABLE_503) {
      // Draining: this connection will not serve again, so the client should come back on a new one.
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Responses.send(response, error, RequestIds.next(), callback);
    return true;
  }

  /**
   * What the status means for the client. Jetty's reason picks the offending part (the
   * Content-Length, the path), never echoed: a reason may quote the request.
   */
  static ApiError describe(int status, String reason) {
    String said = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
    return switch (status) {
      case 400 -> {
        if (said.contains("content-length")) {
          yield ApiError.ofField(400, "malformed_request", "content-length",
              "the Content-Length header is not a single whole number of bytes");
        }
        if (said.contains("transfer-encoding") || said.contains("chunk")) {
          yield ApiError.ofField(400, "malformed_request", "transfer-encoding",
              "the body's Transfer-Encoding or chunks cannot be read; send a body with a Content-Length");
        }
        if (said.contains("uri") || said.contains("path") || said.contains("segment")) {
          yield ApiError.ofField(400, "malformed_request", "path",
              "the path is not a valid or unambiguous URL path; see /openapi.json for the routes");
        }
        if (said.contains("host")) {
          yield ApiError.ofField(400, "malformed_request", "host", "the Host header is missing or not valid");
        }
        yield ApiError.of(400, "malformed_request",
            "the request is not well-formed HTTP/1.1: its request line or a header cannot be read");
      }
      case 404 -> ApiError.of(404, "not_found", "no such route; see /openapi.json for the routes");
      case 405 -> ApiError.of(405, "method_not_allowed", "this route does not take this method; see /openapi.json for the routes");
      case 408 -> ApiError.of(408, "request_timeout", "the request did not arrive in time; send it whole");
      case 413 -> Requests.tooLarge(ServerOptions.MAX_BODY_BYTES);
      case 414 -> ApiError.ofField(414, "uri_too_long", "path",
          "the request line is longer than the server reads; send long values in a POST /v1/interventions body");
      case 431 -> ApiError.ofField(431, "headers_too_large", "headers", "the request's headers are larger than the server reads");
      case 426, 505 -> ApiError.of(status, "http_version_not_supported",
          "this server speaks HTTP/1.1 (and HTTP/1.0); send the request in HTTP/1.1");
      case 503 -> ApiError.of(503, "not_ready", "the server is stopping; retry shortly")
          .withHeader("Retry-After", "1");
      case 500 -> ApiError.of(500, "internal_error", "the server failed; the server log has the details");
      default -> ApiError.of(status, "http_" + status, HttpStatus.getMessage(status));
    };
  }
}
