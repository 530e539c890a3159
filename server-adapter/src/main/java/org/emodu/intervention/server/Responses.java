package org.emodu.intervention.server;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InvalidRequestException.FieldProblem;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.live.Decision;

/** The JSON bodies the server answers with, written with Jackson so that every string is escaped. */
final class Responses {

  static final String JSON = "application/json";

  /** The header that carries the request id on every answer. */
  static final String REQUEST_ID = "X-Request-Id";

  // Emoji as UTF-8 bytes, as the seed sent them, rather than as escaped surrogate pairs.
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .build();
  private static final ObjectWriter INTERVENTION = Json.mapper().writerFor(Intervention.class)
      .with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);

  private Responses() {}

  /**
   * Writes a JSON answer straight into the response's buffer instead of handing Javalin a result
   * to copy: Javalin copies through a new 32 KiB buffer and a compression wrapper per answer, which
   * for these few hundred bytes cost more than the rest of an offline request. Answers this small
   * are never compressed anyway (Javalin compresses from 1,500 bytes). No length is set, so Jetty
   * keeps the bytes until the request completes, after the metrics and the access log have seen
   * it, and then sends them with their Content-Length, as it did for Javalin's copy.
   *
   * @throws IOException when the client has gone away; Javalin answers that as a client abort
   */
  static void send(Context ctx, int status, byte[] body) throws IOException {
    HttpServletResponse response = ctx.res();
    response.setStatus(status);
    response.setContentType(JSON);
    response.getOutputStream().write(body);
  }

  /**
   * Writes an error as JSON on Jetty's own request and response, below Javalin: the answers of the
   * body gate and of the container's error handler, in the same shape as every other error.
   */
  static void send(Response response, ApiError error, String requestId, Callback callback) {
    response.setStatus(error.status());
    error.headers().forEach(response.getHeaders()::put);
    response.getHeaders().put(REQUEST_ID, requestId);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
    byte[] body = error(error, requestId);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    // Jetty sends no body in answer to HEAD.
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** The seed's answer, byte for byte in shape: {@code {"status":"success","response":"..."}}. */
  static byte[] seed(String text) {
    return write(json -> {
      json.writeStartObject();
      json.writeStringField("status", "success");
      json.writeStringField("response", text);
      json.writeEndObject();
    });
  }

  /** The typed route's answer: the whole intervention. */
  static byte[] intervention(Intervention intervention) {
    try {
      return INTERVENTION.writeValueAsBytes(intervention);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an intervention", e);
    }
  }

  /**
   * A live-class decision: {@code {"action":"intervene"|"wait","reason":"...","intervention":{...}?,
   * "eligibleAt":"..."?}}, where {@code intervention} has the typed route's shape.
   */
  static byte[] decision(Decision decision) {
    return write(json -> writeDecision(json, decision));
  }

  /** A batch's decisions, as an array in the observations' order. */
  static byte[] decisions(List<Decision> decisions) {
    return write(json -> {
      json.writeStartArray();
      for (Decision decision : decisions) {
        writeDecision(json, decision);
      }
      json.writeEndArray();
    });
  }

  private static void writeDecision(JsonGenerator json, Decision decision) throws IOException {
    json.writeStartObject();
    json.writeStringField("action", decision.action().label());
    json.writeStringField("reason", decision.reason().label());
    if (decision.intervention().isPresent()) {
      json.writeFieldName("intervention");
      INTERVENTION.writeValue(json, decision.intervention().get());
    }
    if (decision.eligibleAt().isPresent()) {
      json.writeStringField("eligibleAt", decision.eligibleAt().get().toString());
    }
    json.writeEndObject();
  }

  /**
   * An error: {@code {"status":"error","code":...,"message":...,"fields":[...],"problems":[{"field",
   * "message"}],"requestId":...}}. {@code status} comes first so that seed clients, which look at it,
   * see the failure.
   */
  static byte[] error(ApiError error, String requestId) {
    return write(json -> {
      json.writeStartObject();
      json.writeStringField("status", "error");
      json.writeStringField("code", error.code());
      json.writeStringField("message", error.getMessage());
      json.writeArrayFieldStart("fields");
      for (FieldProblem problem : error.problems()) {
        json.writeString(problem.field());
      }
      json.writeEndArray();
      json.writeArrayFieldStart("problems");
      for (FieldProblem problem : error.problems()) {
        json.writeStartObject();
        json.writeStringField("field", problem.field());
        json.writeStringField("message", problem.message());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeStringField("requestId", requestId);
      json.writeEndObject();
    });
  }

  /** A small status document such as {@code {"status":"ok"}} with extra string fields. */
  static byte[] status(String status, String... namesAndValues) {
    return write(json -> {
      json.writeStartObject();
      json.writeStringField("status", status);
      for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
        json.writeStringField(namesAndValues[i], namesAndValues[i + 1]);
      }
      json.writeEndObject();
    });
  }

  interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  static byte[] write(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator json = FACTORY.createGenerator(bytes, JsonEncoding.UTF8)) {
      body.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
