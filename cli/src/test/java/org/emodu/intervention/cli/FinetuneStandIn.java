package org.emodu.intervention.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A small OpenAI files and fine-tuning stand-in for the command-line tests, answering with the API's
 * shapes from {@code src/test/resources/openai-finetune/} (copies of the shared fixtures). A job's
 * status requests walk through {@link #statuses}, repeating the last; the library's own tests cover
 * the finer behaviour against a fuller fake. Like some compatible servers it has no {@code GET /files}:
 * listing files answers 404.
 */
final class FinetuneStandIn extends Dispatcher implements AutoCloseable {

  static final String JOB = "ftjob-Fq3wErTyUiOpAsDfGhJkL";
  private static final Pattern JOB_PATH = Pattern.compile("/v1/fine_tuning/jobs/([^/]+)(/[a-z]+)?");
  private static final Pattern FILE_PATH = Pattern.compile("/v1/files/([^/]+)(/content)?");

  final MockWebServer server = new MockWebServer();
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  final Deque<String> statuses = new ArrayDeque<>(List.of("succeeded"));
  private final Set<String> files = new HashSet<>();
  private int uploads;
  /** Stores the next upload, then drops the connection before answering. */
  boolean loseNextUploadAnswer;
  /** How many of the next requests to read and never answer, as a hung server would. */
  int hangNext;

  FinetuneStandIn() {
    server.setDispatcher(this);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return server.url("/v1").toString();
  }

  long count(String method, String path) {
    return requests.stream().filter(line -> line.equals(method + " " + path)).count();
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    String path = request.getRequestUrl().encodedPath();
    String method = request.getMethod();
    requests.add(method + " " + path);
    if (hangNext > 0) {
      hangNext--;
      return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
    }
    Matcher matcher;
    if (method.equals("POST") && path.equals("/v1/files")) {
      String id = "file-Upload" + (++uploads);
      files.add(id);
      if (loseNextUploadAnswer) {
        loseNextUploadAnswer = false;
        return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
      }
      return json(fixture("file-uploaded.json").replace("file-7Qm2XyZaBcDeFgHiJkLmNo", id));
    }
    if (method.equals("GET") && (matcher = FILE_PATH.matcher(path)).matches()) {
      if (matcher.group(2) != null) {
        return new MockResponse().setBody(fixture("result-metrics.csv"));
      }
      return files.contains(matcher.group(1))
          ? json(fixture("file-uploaded.json").replace("file-7Qm2XyZaBcDeFgHiJkLmNo", matcher.group(1)))
          : notFound("No such File object: " + matcher.group(1));
    }
    if (method.equals("POST") && path.equals("/v1/fine_tuning/jobs")) {
      return json(fixture("job-queued.json"));
    }
    if (method.equals("GET") && path.equals("/v1/fine_tuning/jobs")) {
      return json(fixture("jobs-list.json"));
    }
    if ((matcher = JOB_PATH.matcher(path)).matches()) {
      if (!matcher.group(1).equals(JOB)) {
        return notFound("Could not find fine-tuning job " + matcher.group(1));
      }
      String part = matcher.group(2) == null ? "" : matcher.group(2);
      return switch (part) {
        case "/events" -> json(fixture("job-events.json"));
        case "/checkpoints" -> json(fixture("job-checkpoints.json"));
        case "/cancel" -> json(fixture("job-cancelled.json"));
        default -> json(fixture("job-" + (statuses.size() > 1 ? statuses.poll() : statuses.peek()) + ".json"));
      };
    }
    return notFound("Invalid URL (" + method + " " + path + ")");
  }

  static String fixture(String name) {
    try (InputStream in = FinetuneStandIn.class.getResourceAsStream("/openai-finetune/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  private static MockResponse notFound(String message) {
    return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
        .setBody("{\"error\": {\"message\": \"" + message + "\", \"type\": \"invalid_request_error\", \"param\": \"id\", \"code\": null}}");
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }
}
