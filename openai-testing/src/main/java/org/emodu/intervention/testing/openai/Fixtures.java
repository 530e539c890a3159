package org.emodu.intervention.testing.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;

/**
 * The OpenAI API's response bodies in its real shapes, kept once for every module's tests, and the
 * {@link MockResponse}s a local MockWebServer answers with. The bodies are classpath resources beside
 * this class; {@code FixturesMatchTheSdkTest} holds every one of them to the openai-java SDK's model
 * class it stands for. Test support only: no main code may depend on it.
 */
public final class Fixtures {

  /** {@code POST /v1/chat/completions}. */
  public static final String CHAT_COMPLETION = "chat-completion.json";
  /** {@code POST /v1/files}: a fine-tuning file, processed. */
  public static final String FILE_UPLOADED = "file-uploaded.json";
  /** {@code GET /v1/fine_tuning/jobs}. */
  public static final String JOBS_LIST = "jobs-list.json";
  /** {@code GET /v1/fine_tuning/jobs/{id}/events}, newest first. */
  public static final String JOB_EVENTS = "job-events.json";
  /** {@code GET /v1/fine_tuning/jobs/{id}/checkpoints}. */
  public static final String JOB_CHECKPOINTS = "job-checkpoints.json";
  /** {@code GET /v1/batches/{id}}: a batch that completed, with an output and an error file. */
  public static final String BATCH_COMPLETED = "batch-completed.json";
  /** {@code GET /v1/files/{output_file_id}/content}: a completed batch's output file, one answered line. */
  public static final String BATCH_OUTPUT = "batch-output.jsonl";
  /** {@code GET /v1/files/{error_file_id}/content}: a batch's error file, a refused and an expired line. */
  public static final String BATCH_ERRORS = "batch-errors.jsonl";
  /** {@code GET /v1/files/{result_file_id}/content}: the result file of a succeeded job. */
  public static final String RESULT_METRICS = "result-metrics.csv";

  /** Every fixture there is. */
  public static final List<String> NAMES = List.of(
      CHAT_COMPLETION,
      "error-400.json", "error-401.json", "error-429.json",
      FILE_UPLOADED,
      "job-queued.json", "job-running.json", "job-succeeded.json", "job-failed.json", "job-cancelled.json",
      JOBS_LIST, JOB_EVENTS, JOB_CHECKPOINTS,
      BATCH_COMPLETED, BATCH_OUTPUT, BATCH_ERRORS,
      RESULT_METRICS);

  /** The assistant's text in {@link #CHAT_COMPLETION}. */
  public static final String CHAT_COMPLETION_TEXT =
      "Hai Budi! Yuk tebak, rumus Fisika mana yang dipakai roller coaster? 🎢 Fokus sebentar lagi, seru banget kok! 😄";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** The fixture {@code name} (for example {@code "error-429.json"}) as it is stored, byte for byte. */
  public static byte[] bytes(String name) {
    try (InputStream in = open(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture {@code name} as UTF-8 text. */
  public static String body(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  /** The JSON fixture {@code name} as a fresh tree, free to change. */
  public static ObjectNode tree(String name) {
    try (InputStream in = open(name)) {
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture {@code name} as a stream; the caller closes it. */
  public static InputStream open(String name) {
    InputStream in = Fixtures.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalArgumentException("no fixture " + name + "; there are: " + String.join(", ", NAMES));
    }
    return in;
  }

  /** An answer with {@code status} and the JSON fixture {@code name} as its body. */
  public static MockResponse response(int status, String name) {
    return json(status, body(name));
  }

  /** An answer with {@code status} and {@code body}, sent as JSON. */
  public static MockResponse json(int status, String body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }

  /** {@link #CHAT_COMPLETION} as it is, with status 200. */
  public static MockResponse chatCompletion() {
    return response(200, CHAT_COMPLETION);
  }

  /** {@link #CHAT_COMPLETION} with {@code content} as the assistant's message, with status 200. */
  public static MockResponse chatCompletion(String content) {
    ObjectNode body = tree(CHAT_COMPLETION);
    ((ObjectNode) body.path("choices").get(0).path("message")).put("content", content);
    return json(200, write(body));
  }

  /**
   * A 429 as the API sends it past a rate limit: the {@code error-429.json} body, {@code retry-after}
   * in seconds and the {@code x-ratelimit-*} headers.
   */
  public static MockResponse rateLimited(int retryAfterSeconds) {
    return response(429, "error-429.json")
        .setHeader("retry-after", String.valueOf(retryAfterSeconds))
        .setHeader("x-ratelimit-limit-requests", "3500")
        .setHeader("x-ratelimit-remaining-requests", "0")
        .setHeader("x-ratelimit-reset-requests", retryAfterSeconds + "s");
  }

  /**
   * An error body in the API's shape, {@code {"error": {"message", "type", "param", "code"}}}, of type
   * {@code invalid_request_error}; {@code parameter} may be null.
   */
  public static ObjectNode error(String message, String parameter) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode error = body.putObject("error").put("message", message).put("type", "invalid_request_error");
    if (parameter == null) {
      error.putNull("param");
    } else {
      error.put("param", parameter);
    }
    error.putNull("code");
    return body;
  }

  private static String write(ObjectNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
