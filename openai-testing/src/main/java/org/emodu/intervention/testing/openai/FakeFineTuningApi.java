package org.emodu.intervention.testing.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A stateful fake of the OpenAI files, fine-tuning and batch endpoints on a local MockWebServer, for
 * tests that point the real openai-java client at it. Every answer starts from the API's response shapes
 * in {@link Fixtures}; uploads and jobs live in memory, jobs move through a scripted series of
 * {@link Stage}s, one per status request, batches through a scripted series of statuses the same way
 * (answering every line of their input file when they complete or expire, see {@link #nextBatchScript}),
 * and {@link Fault}s (429 with Retry-After, 5xx, lost answers,
 * hung requests, an unreachable server) can be queued. Job ids are {@code ftjob-Created1}, ... unless
 * {@link #createdJobIds} names them; a compatible server's gaps (no {@code GET /files}, metadata
 * dropped) can be switched on. Times come from the clock it is given. Test support only.
 */
public final class FakeFineTuningApi extends Dispatcher implements AutoCloseable {

  /** The key tests give their clients; the fake accepts any key. */
  public static final String API_KEY = "fake-api-test-credential";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern JOB = Pattern.compile("/v1/fine_tuning/jobs/([^/]+)");
  private static final Pattern JOB_PART = Pattern.compile("/v1/fine_tuning/jobs/([^/]+)/(events|cancel|checkpoints)");
  private static final Pattern FILE = Pattern.compile("/v1/files/([^/]+)");
  private static final Pattern FILE_CONTENT = Pattern.compile("/v1/files/([^/]+)/content");
  private static final Pattern BATCH = Pattern.compile("/v1/batches/([^/]+)");

  private final MockWebServer server = new MockWebServer();
  private final Clock time;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<JsonNode> jobBodies = Collections.synchronizedList(new ArrayList<>());
  private final List<String> uploadBodies = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, ObjectNode> files = new LinkedHashMap<>();
  private final Map<String, Deque<String>> fileStatuses = new LinkedHashMap<>();
  private final Map<String, byte[]> contents = new LinkedHashMap<>();
  private final Map<String, FakeJob> jobs = new LinkedHashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final Deque<String> createdJobIds = new ArrayDeque<>();
  private List<String> uploadStatuses = List.of("processed");
  private String statusDetails = "Line 3: missing the assistant message";
  private List<Stage> nextJobScript = List.of(Stage.of("queued"));
  private boolean unreachable;
  private boolean dropsMetadata;
  private boolean listsFiles = true;
  private final Map<String, FakeBatch> batches = new LinkedHashMap<>();
  private final List<JsonNode> batchBodies = Collections.synchronizedList(new ArrayList<>());
  private final Map<java.util.function.Predicate<JsonNode>, Integer> failingLines = new LinkedHashMap<>();
  private List<String> nextBatchScript = List.of("validating", "in_progress", "finalizing", "completed");
  private int answeredBeforeExpiry;
  private String batchFailure = "Line 1: the model 'gpt-unknown' does not exist";
  private java.util.function.Function<JsonNode, String> batchAnswers = body -> Fixtures.CHAT_COMPLETION_TEXT;
  private int fileSequence;
  private int batchSequence;
  private int jobSequence;
  private int eventSequence;

  /** On any free port, with times from {@code time}. */
  public FakeFineTuningApi(Clock time) {
    this(time, 0);
  }

  /** On a chosen port (0 for any free one). */
  public FakeFineTuningApi(Clock time, int port) {
    this.time = time;
    server.setDispatcher(this);
    try {
      server.start(port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The API's base URL on this server, ending in {@code /v1}, for the client's base URL setting. */
  public String baseUrl() {
    return server.url("/v1").toString();
  }

  // ---- scripting

  /** The statuses the next uploads go through: the first in the upload's answer, one more per retrieve. */
  public synchronized void uploadStatuses(String... statuses) {
    this.uploadStatuses = List.of(statuses);
  }

  /** What a file that fails processing says about it. */
  public synchronized void statusDetails(String details) {
    this.statusDetails = details;
  }

  /** The stages of the next job created: the first at creation, one more per status request. */
  public synchronized void nextJobScript(Stage... stages) {
    this.nextJobScript = List.of(stages);
  }

  /** The ids the next jobs created get, in order; after them the fake numbers its own. */
  public synchronized void createdJobIds(String... ids) {
    createdJobIds.clear();
    createdJobIds.addAll(List.of(ids));
  }

  /** A job that already exists on the server (replacing one of the same id), with its remaining stages. */
  public synchronized String addJob(String id, Stage... stages) {
    ObjectNode job = template(stages[0].status());
    job.put("id", id);
    FakeJob fake = new FakeJob(job, new ArrayDeque<>(List.of(stages).subList(1, stages.length)));
    jobs.put(id, fake);
    apply(fake, stages[0]);
    fake.shown = false;
    return id;
  }

  /** Adds events to a job now, as the server would while it trains. */
  public synchronized void addEvents(String jobId, ObjectNode... events) {
    for (ObjectNode event : events) {
      jobs.get(jobId).events.add(stamped(event));
    }
  }

  /** The content {@code GET /files/{id}/content} serves. */
  public synchronized void content(String fileId, byte[] bytes) {
    contents.put(fileId, bytes);
  }

  /** Answers the next request whose method and path start match with {@code fault}. */
  public synchronized void fault(Fault fault) {
    faults.add(fault);
  }

  /** Forgets the faults not met yet. */
  public synchronized void clearFaults() {
    faults.clear();
  }

  /** Drops every connection while set, as a network outage would. */
  public synchronized void unreachable(boolean unreachable) {
    this.unreachable = unreachable;
  }

  /** Behaves like a compatible server that ignores job metadata. */
  public synchronized void dropsMetadata(boolean drops) {
    this.dropsMetadata = drops;
  }

  /** Behaves like a compatible server without {@code GET /files}: listing files answers 404. */
  public synchronized void listsFiles(boolean lists) {
    this.listsFiles = lists;
  }

  /** A file someone else uploaded now, under {@code filename}, in the upload's answer shape. */
  public synchronized String addFile(String id, String filename, byte[] content) {
    ObjectNode file = Fixtures.tree(Fixtures.FILE_UPLOADED);
    file.put("id", id).put("filename", filename).put("bytes", content.length)
        .put("created_at", time.instant().getEpochSecond());
    files.put(id, file);
    fileStatuses.put(id, new ArrayDeque<>());
    return id;
  }

  /** The name a stored file was uploaded under. */
  public synchronized String filename(String fileId) {
    return files.get(fileId).path("filename").asText();
  }

  /** Forgets a job, as a server reached with another project's key would not know it. */
  public synchronized void forgetJob(String jobId) {
    jobs.remove(jobId);
  }

  /** Forgets a file, as if it were deleted on the server. */
  public synchronized void deleteFile(String fileId) {
    files.remove(fileId);
  }

  /**
   * The statuses the next batch created goes through: the first at creation, one more per status
   * request ({@code validating, in_progress, finalizing, completed} unless set). When it reaches
   * {@code completed}, {@code expired} or {@code cancelled}, the fake answers the lines of its input
   * file into an output file and an error file; {@code failed} brings the batch's errors instead.
   */
  public synchronized void nextBatchScript(String... statuses) {
    this.nextBatchScript = List.of(statuses);
  }

  /** The text the fake's model answers a batch line with, from the line's request body. */
  public synchronized void batchAnswers(java.util.function.Function<JsonNode, String> answers) {
    this.batchAnswers = answers;
  }

  /** The lines with this {@code custom_id} are answered with an HTTP {@code status} error, in the error file. */
  public synchronized void failBatchLine(String customId, int status) {
    failBatchLines(line -> line.path("custom_id").asText().equals(customId), status);
  }

  /** The input lines {@code which} picks are answered with an HTTP {@code status} error, in the error file. */
  public synchronized void failBatchLines(java.util.function.Predicate<JsonNode> which, int status) {
    failingLines.put(which, status);
  }

  /** How many lines an expiring batch answers before the rest expire (0 unless set). */
  public synchronized void answeredBeforeExpiry(int lines) {
    this.answeredBeforeExpiry = lines;
  }

  /** What the error of a batch that fails validation says. */
  public synchronized void batchFailure(String message) {
    this.batchFailure = message;
  }

  // ---- inspection

  /** How many requests matched {@code method} and a path matching {@code pathRegex} (query ignored). */
  public int count(String method, String pathRegex) {
    synchronized (requests) {
      return (int) requests.stream()
          .filter(line -> line.startsWith(method + " "))
          .map(line -> line.substring(method.length() + 1).replaceAll("\\?.*", ""))
          .filter(path -> path.matches(pathRegex))
          .count();
    }
  }

  /** How many uploads ({@code POST /v1/files}) arrived. */
  public int uploads() {
    return count("POST", "/v1/files");
  }

  /** How many job creations ({@code POST /v1/fine_tuning/jobs}) arrived. */
  public int jobCreations() {
    return count("POST", "/v1/fine_tuning/jobs");
  }

  /** How many batch creations ({@code POST /v1/batches}) arrived. */
  public int batchCreations() {
    return count("POST", "/v1/batches");
  }

  /** The JSON bodies of the batch creations so far, in order. */
  public List<JsonNode> batchBodies() {
    return List.copyOf(batchBodies);
  }

  /** The content a file was uploaded with, as UTF-8 text. */
  public synchronized String uploadedContent(String fileId) {
    byte[] content = contents.get(fileId);
    return content == null ? null : new String(content, StandardCharsets.UTF_8);
  }

  /** The status a batch has now. */
  public synchronized String batchStatus(String batchId) {
    return batches.get(batchId).json.path("status").asText();
  }

  /** Every request so far, in order, as {@code METHOD /path?query}. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The JSON bodies of the job creations so far, in order. */
  public List<JsonNode> jobBodies() {
    return List.copyOf(jobBodies);
  }

  /** The multipart bodies of the uploads so far, in order, read as ISO-8859-1. */
  public List<String> uploadBodies() {
    return List.copyOf(uploadBodies);
  }

  /** How many jobs the server knows. */
  public synchronized int jobCount() {
    return jobs.size();
  }

  /** The ids of the files the server holds, oldest first. */
  public synchronized List<String> fileIds() {
    return List.copyOf(files.keySet());
  }

  /** The status a job has now. */
  public synchronized String status(String jobId) {
    return jobs.get(jobId).json.path("status").asText();
  }

  // ---- the API

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    HttpUrl url = request.getRequestUrl();
    String method = request.getMethod();
    String path = url.encodedPath();
    requests.add(method + " " + path + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery()));
    if (unreachable) {
      return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
    }
    Fault fault = takeFault(method, path);
    if (fault != null && fault.kind() == Fault.Kind.HANG) {
      return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
    }
    if (fault != null && fault.kind() == Fault.Kind.RESPOND) {
      MockResponse response = json(fault.status(), fault.body());
      fault.headers().forEach(response::addHeader);
      return response;
    }
    MockResponse response = handle(request, method, path, url);
    if (fault != null && fault.kind() == Fault.Kind.LOSE_ANSWER) {
      // The work is done, but the answer never arrives.
      return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
    }
    if (fault != null && fault.kind() == Fault.Kind.SLOW_BODY) {
      // Every read is quick, but the whole answer takes far longer than any client waits.
      return response.throttleBody(16, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
    if (fault != null && fault.kind() == Fault.Kind.HANG_AFTER_WORK) {
      // The work is done, but the answer does not come before the client gives up.
      return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
    }
    return response;
  }

  private MockResponse handle(RecordedRequest request, String method, String path, HttpUrl url) {
    Matcher matcher;
    if (method.equals("POST") && path.equals("/v1/files")) {
      return upload(request);
    }
    if (method.equals("GET") && path.equals("/v1/files")) {
      return listsFiles ? listFiles(url) : json(404, Fixtures.error("Invalid URL (GET /v1/files)", null));
    }
    if (method.equals("GET") && (matcher = FILE_CONTENT.matcher(path)).matches()) {
      byte[] content = contents.get(matcher.group(1));
      return content == null ? notFound("No such File object: " + matcher.group(1))
          : new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/octet-stream")
              .setBody(new okio.Buffer().write(content));
    }
    if (method.equals("GET") && (matcher = FILE.matcher(path)).matches()) {
      return retrieveFile(matcher.group(1));
    }
    if (method.equals("POST") && path.equals("/v1/fine_tuning/jobs")) {
      return createJob(request);
    }
    if (method.equals("POST") && path.equals("/v1/batches")) {
      return createBatch(request);
    }
    if (method.equals("GET") && path.equals("/v1/batches")) {
      List<ObjectNode> all = new ArrayList<>();
      batches.values().forEach(batch -> all.add(batch.json));
      Collections.reverse(all);
      return page(all, url, "limit", "after", 20);
    }
    if (method.equals("GET") && (matcher = BATCH.matcher(path)).matches()) {
      FakeBatch batch = batches.get(matcher.group(1));
      if (batch == null) {
        return notFound("No batch found with id '" + matcher.group(1) + "'.");
      }
      if (batch.shown && !batch.script.isEmpty()) {
        advance(batch, batch.script.poll());
      }
      batch.shown = true;
      return json(200, batch.json);
    }
    if (method.equals("GET") && path.equals("/v1/fine_tuning/jobs")) {
      return listJobs(url);
    }
    if ((matcher = JOB_PART.matcher(path)).matches()) {
      FakeJob job = jobs.get(matcher.group(1));
      if (job == null) {
        return notFound("Could not find fine-tuning job " + matcher.group(1));
      }
      return switch (matcher.group(2)) {
        case "events" -> events(job, url);
        case "cancel" -> cancel(job);
        default -> checkpoints(job, url);
      };
    }
    if (method.equals("GET") && (matcher = JOB.matcher(path)).matches()) {
      FakeJob job = jobs.get(matcher.group(1));
      if (job == null) {
        return notFound("Could not find fine-tuning job " + matcher.group(1));
      }
      if (job.shown && !job.script.isEmpty()) {
        apply(job, job.script.poll());
      }
      job.shown = true;
      return json(200, job.json);
    }
    return json(404, Fixtures.error("Invalid URL (" + method + " " + path + ")", null));
  }

  private MockResponse upload(RecordedRequest request) {
    String contentType = request.getHeader("Content-Type");
    String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
    String body = request.getBody().readString(StandardCharsets.ISO_8859_1);
    uploadBodies.add(body);
    String filename = null;
    String purpose = null;
    long bytes = 0;
    for (String part : body.split("--" + Pattern.quote(boundary))) {
      int split = part.indexOf("\r\n\r\n");
      if (split < 0) {
        continue;
      }
      String headers = part.substring(0, split);
      String content = part.substring(split + 4, part.endsWith("\r\n") ? part.length() - 2 : part.length());
      if (headers.contains("name=\"file\"")) {
        Matcher name = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
        filename = name.find() ? name.group(1) : "upload";
        bytes = content.length();
      } else if (headers.contains("name=\"purpose\"")) {
        purpose = content;
      }
    }
    if (filename == null || !("fine-tune".equals(purpose) || "batch".equals(purpose))) {
      return json(400, Fixtures.error("'file' and purpose 'fine-tune' or 'batch' are required", "purpose"));
    }
    if (!filename.endsWith(".jsonl")) {
      return json(400, Fixtures.error("Invalid file format for Fine-Tuning API. Must be .jsonl", "file"));
    }
    ObjectNode file = Fixtures.tree(Fixtures.FILE_UPLOADED);
    String id = "file-Upload" + (++fileSequence);
    Deque<String> statuses = new ArrayDeque<>(uploadStatuses);
    file.put("id", id).put("filename", filename).put("bytes", bytes)
        .put("created_at", time.instant().getEpochSecond()).put("status", statuses.poll()).put("purpose", purpose);
    files.put(id, file);
    if (purpose.equals("batch")) {
      contents.put(id, fileContent(body, boundary).getBytes(StandardCharsets.ISO_8859_1));
    }
    fileStatuses.put(id, statuses);
    return json(200, file);
  }

  private MockResponse retrieveFile(String id) {
    ObjectNode file = files.get(id);
    if (file == null) {
      return notFound("No such File object: " + id);
    }
    String next = fileStatuses.get(id).poll();
    if (next != null) {
      file.put("status", next);
      if (next.equals("error")) {
        file.put("status_details", statusDetails);
      }
    }
    return json(200, file);
  }

  private MockResponse listFiles(HttpUrl url) {
    List<ObjectNode> all = new ArrayList<>(files.values());
    Collections.reverse(all);
    String purpose = url.queryParameter("purpose");
    List<ObjectNode> chosen = all.stream()
        .filter(file -> purpose == null || purpose.equals(file.path("purpose").asText()))
        .toList();
    ObjectNode list = JsonNodeFactory.instance.objectNode().put("object", "list");
    list.putArray("data").addAll(chosen);
    list.put("first_id", chosen.isEmpty() ? "" : chosen.get(0).path("id").asText());
    list.put("last_id", chosen.isEmpty() ? "" : chosen.get(chosen.size() - 1).path("id").asText());
    list.put("has_more", false);
    return json(200, list);
  }

  private MockResponse createJob(RecordedRequest request) {
    JsonNode body;
    try {
      body = JSON.readTree(request.getBody().readUtf8());
    } catch (IOException e) {
      return json(400, Fixtures.error("We could not parse the JSON body of your request.", null));
    }
    jobBodies.add(body);
    String trainingFile = body.path("training_file").asText();
    if (!files.containsKey(trainingFile)) {
      return json(400, Fixtures.error("invalid training_file: " + trainingFile, "training_file"));
    }
    String id = createdJobIds.isEmpty() ? "ftjob-Created" + (++jobSequence) : createdJobIds.poll();
    List<Stage> script = nextJobScript;
    ObjectNode job = template(script.get(0).status());
    job.put("id", id)
        .put("model", body.path("model").asText())
        .put("training_file", trainingFile)
        .put("created_at", time.instant().getEpochSecond())
        .put("seed", body.path("seed").asLong(42));
    if (body.hasNonNull("validation_file")) {
      job.put("validation_file", body.path("validation_file").asText());
    } else {
      job.putNull("validation_file");
    }
    if (body.hasNonNull("suffix")) {
      job.put("user_provided_suffix", body.path("suffix").asText());
    } else {
      job.putNull("user_provided_suffix");
    }
    if (body.hasNonNull("metadata") && !dropsMetadata) {
      job.set("metadata", body.get("metadata"));
    } else {
      job.putNull("metadata");
    }
    JsonNode hyperparameters = body.path("method").path("supervised").path("hyperparameters");
    if (hyperparameters.isObject()) {
      ObjectNode resolved = JsonNodeFactory.instance.objectNode();
      resolved.put("n_epochs", hyperparameters.path("n_epochs").isNumber() ? hyperparameters.path("n_epochs").asLong() : 3);
      resolved.put("batch_size", hyperparameters.path("batch_size").isNumber() ? hyperparameters.path("batch_size").asLong() : 1);
      resolved.put("learning_rate_multiplier", hyperparameters.path("learning_rate_multiplier").isNumber()
          ? hyperparameters.path("learning_rate_multiplier").asDouble() : 2.0);
      job.set("hyperparameters", resolved.deepCopy());
      ((ObjectNode) job.path("method").path("supervised")).set("hyperparameters", resolved);
    }
    FakeJob fake = new FakeJob(job, new ArrayDeque<>(script.subList(1, script.size())));
    jobs.put(id, fake);
    apply(fake, script.get(0));
    return json(200, job);
  }

  private static String fileContent(String body, String boundary) {
    for (String part : body.split("--" + Pattern.quote(boundary))) {
      int split = part.indexOf("\r\n\r\n");
      if (split >= 0 && part.substring(0, split).contains("name=\"file\"")) {
        return part.substring(split + 4, part.endsWith("\r\n") ? part.length() - 2 : part.length());
      }
    }
    return "";
  }

  private MockResponse createBatch(RecordedRequest request) {
    JsonNode body;
    try {
      body = JSON.readTree(request.getBody().readUtf8());
    } catch (IOException e) {
      return json(400, Fixtures.error("We could not parse the JSON body of your request.", null));
    }
    batchBodies.add(body);
    String inputFileId = body.path("input_file_id").asText();
    ObjectNode file = files.get(inputFileId);
    if (file == null || !file.path("purpose").asText().equals("batch")) {
      return json(400, Fixtures.error("Invalid 'input_file_id': '" + inputFileId + "'. File with purpose 'batch' not found.",
          "input_file_id"));
    }
    if (!body.path("completion_window").asText().equals("24h")) {
      return json(400, Fixtures.error("Invalid value for 'completion_window': expected '24h'.", "completion_window"));
    }
    List<JsonNode> lines = new ArrayList<>();
    try {
      for (String line : new String(contents.get(inputFileId), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          lines.add(JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      return json(400, Fixtures.error("The input file is not valid JSON Lines.", "input_file_id"));
    }
    String id = String.format("batch_%024d", ++batchSequence);
    ObjectNode batch = Fixtures.tree(Fixtures.BATCH_COMPLETED);
    batch.put("id", id).put("input_file_id", inputFileId).put("endpoint", body.path("endpoint").asText())
        .put("completion_window", "24h").put("created_at", time.instant().getEpochSecond())
        .put("expires_at", time.instant().getEpochSecond() + 86_400)
        .put("model", lines.isEmpty() ? "" : lines.get(0).path("body").path("model").asText());
    for (String field : List.of("output_file_id", "error_file_id", "in_progress_at", "finalizing_at", "completed_at")) {
      batch.putNull(field);
    }
    batch.remove("usage");
    if (body.hasNonNull("metadata")) {
      batch.set("metadata", body.get("metadata"));
    } else {
      batch.putNull("metadata");
    }
    List<String> script = nextBatchScript;
    FakeBatch fake = new FakeBatch(batch, new ArrayDeque<>(script.subList(1, script.size())), lines);
    batches.put(id, fake);
    advance(fake, script.get(0));
    return json(200, batch);
  }

  private void advance(FakeBatch batch, String status) {
    batch.shown = true;
    ObjectNode json = batch.json;
    json.put("status", status);
    long now = time.instant().getEpochSecond();
    int total = batch.lines.size();
    ObjectNode counts = (ObjectNode) json.path("request_counts");
    switch (status) {
      case "validating" -> counts.put("total", 0).put("completed", 0).put("failed", 0);
      case "in_progress" -> {
        json.put("in_progress_at", now);
        counts.put("total", total).put("completed", total / 2).put("failed", 0);
      }
      case "finalizing" -> {
        json.put("finalizing_at", now);
        counts.put("total", total).put("completed", total).put("failed", 0);
      }
      case "failed" -> {
        json.put("failed_at", now);
        ObjectNode errors = json.putObject("errors").put("object", "list");
        errors.putArray("data").addObject().put("code", "model_not_found").put("message", batchFailure)
            .put("param", "body.model").put("line", 1);
      }
      case "cancelling" -> json.put("cancelling_at", now);
      default -> {
        json.put(status.equals("completed") ? "completed_at" : status.equals("expired") ? "expired_at" : "cancelled_at", now);
        answer(batch, status.equals("completed") ? total : Math.min(answeredBeforeExpiry, total), status);
      }
    }
  }

  /** Writes a finished batch's output and error files: the first {@code answered} lines run, the rest did not. */
  private void answer(FakeBatch batch, int answered, String status) {
    StringBuilder output = new StringBuilder();
    StringBuilder errors = new StringBuilder();
    int completed = 0;
    int failed = 0;
    for (int i = 0; i < batch.lines.size(); i++) {
      JsonNode line = batch.lines.get(i);
      String customId = line.path("custom_id").asText();
      ObjectNode result = JsonNodeFactory.instance.objectNode()
          .put("id", String.format("batch_req_%024d", i + 1)).put("custom_id", customId);
      if (i >= answered) {
        result.putNull("response");
        result.putObject("error").put("code", status.equals("expired") ? "batch_expired" : "batch_cancelled")
            .put("message", status.equals("expired")
                ? "This request could not be executed before the completion window expired."
                : "This request was not executed because the batch was cancelled.");
        errors.append(result).append('\n');
        failed++;
        continue;
      }
      ObjectNode response = result.putObject("response");
      response.put("request_id", String.format("req_%032d", i + 1));
      Integer failing = failingLines.entrySet().stream().filter(rule -> rule.getKey().test(line))
          .map(Map.Entry::getValue).findFirst().orElse(null);
      if (failing != null) {
        response.put("status_code", failing);
        response.set("body", Fixtures.error(failing >= 500 ? "The server had an error while processing your request."
            : "Invalid request.", null));
        result.putNull("error");
        errors.append(result).append('\n');
        failed++;
        continue;
      }
      JsonNode body = line.path("body");
      ObjectNode completion = Fixtures.tree(Fixtures.CHAT_COMPLETION);
      completion.put("id", String.format("chatcmpl-Batch%08d", i + 1)).put("model", body.path("model").asText());
      ((ObjectNode) completion.path("choices").get(0).path("message")).put("content", batchAnswers.apply(body));
      response.put("status_code", 200);
      response.set("body", completion);
      result.putNull("error");
      output.append(result).append('\n');
      completed++;
    }
    ObjectNode json = batch.json;
    ((ObjectNode) json.path("request_counts")).put("total", batch.lines.size()).put("completed", completed).put("failed", failed);
    if (output.length() > 0) {
      json.put("output_file_id", addResultFile(json.path("id").asText() + "_output.jsonl", output.toString()));
    }
    if (errors.length() > 0) {
      json.put("error_file_id", addResultFile(json.path("id").asText() + "_error.jsonl", errors.toString()));
    }
  }

  private String addResultFile(String name, String content) {
    String id = "file-Upload" + (++fileSequence);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    addFile(id, name, bytes);
    files.get(id).put("purpose", "batch_output");
    contents.put(id, bytes);
    return id;
  }

  private MockResponse listJobs(HttpUrl url) {
    List<ObjectNode> all = new ArrayList<>();
    jobs.values().forEach(job -> all.add(job.json));
    Collections.reverse(all);
    return page(all, url, "limit", "after", 20);
  }

  private MockResponse events(FakeJob job, HttpUrl url) {
    List<ObjectNode> newestFirst = new ArrayList<>(job.events);
    Collections.reverse(newestFirst);
    return page(newestFirst, url, "limit", "after", 20);
  }

  private MockResponse checkpoints(FakeJob job, HttpUrl url) {
    List<ObjectNode> all = new ArrayList<>();
    Fixtures.tree(Fixtures.JOB_CHECKPOINTS).path("data")
        .forEach(node -> all.add(((ObjectNode) node).put("fine_tuning_job_id", job.json.path("id").asText())));
    return page(all, url, "limit", "after", 10);
  }

  private MockResponse cancel(FakeJob job) {
    String status = job.json.path("status").asText();
    if (status.equals("succeeded") || status.equals("failed") || status.equals("cancelled")) {
      return json(400, Fixtures.error("Job has already completed: " + job.json.path("id").asText(), null));
    }
    job.script.clear();
    apply(job, Stage.of("cancelled"));
    return json(200, job.json);
  }

  private MockResponse page(List<ObjectNode> items, HttpUrl url, String limitName, String afterName, int defaultLimit) {
    String limitText = url.queryParameter(limitName);
    int limit = limitText == null ? defaultLimit : Integer.parseInt(limitText);
    String after = url.queryParameter(afterName);
    int start = 0;
    if (after != null) {
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i).path("id").asText().equals(after)) {
          start = i + 1;
        }
      }
    }
    int end = Math.min(items.size(), start + limit);
    ObjectNode list = JsonNodeFactory.instance.objectNode().put("object", "list");
    ArrayNode data = list.putArray("data");
    items.subList(start, end).forEach(data::add);
    list.put("has_more", end < items.size());
    return json(200, list);
  }

  /** The fixture for a status; statuses without one (validating_files) are the running job's shape. */
  private static ObjectNode template(String status) {
    if (Fixtures.NAMES.contains("job-" + status + ".json")) {
      return Fixtures.tree("job-" + status + ".json");
    }
    return Fixtures.tree("job-running.json").put("status", status);
  }

  private void apply(FakeJob job, Stage stage) {
    job.shown = true;
    ObjectNode template = template(stage.status());
    for (String field : List.of("status", "finished_at", "fine_tuned_model", "result_files", "trained_tokens", "error")) {
      job.json.set(field, template.get(field));
    }
    if (stage.status().equals("succeeded")) {
      String suffix = job.json.path("user_provided_suffix").asText("intervensi");
      job.json.put("fine_tuned_model", "ft:" + job.json.path("model").asText() + ":example-org:" + suffix + ":AbC123dE");
    }
    if (stage.resultFile() != null) {
      job.json.putArray("result_files").add(stage.resultFile());
    }
    for (ObjectNode event : stage.events()) {
      job.events.add(stamped(event));
    }
  }

  private ObjectNode stamped(ObjectNode event) {
    ObjectNode copy = event.deepCopy();
    eventSequence++;
    copy.put("id", String.format("ftevent-%04d", eventSequence));
    copy.put("created_at", time.instant().getEpochSecond() + eventSequence);
    return copy;
  }

  private Fault takeFault(String method, String path) {
    for (Fault fault : faults) {
      if (fault.method().equals(method) && path.matches(fault.pathRegex())) {
        faults.remove(fault);
        return fault;
      }
    }
    return null;
  }

  // ---- shapes

  /** The events of {@link Fixtures#JOB_EVENTS}, oldest first, as {@link #addEvents} takes them. */
  public static ObjectNode[] fixtureEvents() {
    List<ObjectNode> events = new ArrayList<>();
    Fixtures.tree(Fixtures.JOB_EVENTS).path("data").forEach(event -> events.add(0, (ObjectNode) event));
    return events.toArray(ObjectNode[]::new);
  }

  /** A message event in the API's shape. */
  public static ObjectNode message(String text) {
    ObjectNode event = (ObjectNode) Fixtures.tree(Fixtures.JOB_EVENTS).path("data").get(4).deepCopy();
    return event.put("message", text);
  }

  /** A metrics event for {@code step} of {@code total} in the API's shape. */
  public static ObjectNode metrics(long step, long total, double loss) {
    ObjectNode event = (ObjectNode) Fixtures.tree(Fixtures.JOB_EVENTS).path("data").get(3).deepCopy();
    event.put("message", "Step " + step + "/" + total + ": training loss=" + loss);
    ((ObjectNode) event.get("data")).put("step", step).put("total_steps", total).put("train_loss", loss);
    return event;
  }

  private static MockResponse notFound(String message) {
    return json(404, Fixtures.error(message, "id"));
  }

  private static MockResponse json(int status, JsonNode body) {
    return Fixtures.json(status, body.toString());
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }

  /** One step of a job's life: a status, the events it brings and, for success, a result file. */
  public record Stage(String status, List<ObjectNode> events, String resultFile) {

    /** A stage with {@code status} that brings {@code events}. */
    public static Stage of(String status, ObjectNode... events) {
      return new Stage(status, List.of(events), null);
    }

    /** The job succeeds, with {@code resultFile} (may be null: the fixture's) as its result file. */
    public static Stage succeeded(String resultFile, ObjectNode... events) {
      return new Stage("succeeded", List.of(events), resultFile);
    }
  }

  /** A scripted answer for the next matching request. */
  public record Fault(Kind kind, String method, String pathRegex, int status, JsonNode body, Map<String, String> headers) {

    /** What the fake does instead of, or after, its usual answer. */
    public enum Kind { RESPOND, LOSE_ANSWER, HANG, HANG_AFTER_WORK, SLOW_BODY }

    /** Answers with {@code status}, {@code body} and {@code headers} instead of handling the request. */
    public static Fault respond(String method, String pathRegex, int status, JsonNode body, Map<String, String> headers) {
      return new Fault(Kind.RESPOND, method, pathRegex, status, body, headers);
    }

    /** Handles the request, then drops the connection before answering. */
    public static Fault loseAnswer(String method, String pathRegex) {
      return new Fault(Kind.LOSE_ANSWER, method, pathRegex, 0, null, Map.of());
    }

    /** Reads the request, does nothing and never answers, as a hung server would. */
    public static Fault hang(String method, String pathRegex) {
      return new Fault(Kind.HANG, method, pathRegex, 0, null, Map.of());
    }

    /** Answers, but its body trickles in at 16 bytes a second. */
    public static Fault slowBody(String method, String pathRegex) {
      return new Fault(Kind.SLOW_BODY, method, pathRegex, 0, null, Map.of());
    }

    /** Handles the request, then never answers, as a server slower than the client's timeout would. */
    public static Fault hangAfterWork(String method, String pathRegex) {
      return new Fault(Kind.HANG_AFTER_WORK, method, pathRegex, 0, null, Map.of());
    }
  }

  private static final class FakeBatch {
    final ObjectNode json;
    final Deque<String> script;
    final List<JsonNode> lines;
    /** Whether a client has seen the current status; the next status request moves on only then. */
    boolean shown;

    FakeBatch(ObjectNode json, Deque<String> script, List<JsonNode> lines) {
      this.json = json;
      this.script = script;
      this.lines = lines;
    }
  }

  private static final class FakeJob {
    final ObjectNode json;
    final Deque<Stage> script;
    final List<ObjectNode> events = new ArrayList<>();
    /** Whether a client has seen the current stage; the next status request moves on only then. */
    boolean shown;

    FakeJob(ObjectNode json, Deque<Stage> script) {
      this.json = json;
      this.script = script;
    }
  }
}
