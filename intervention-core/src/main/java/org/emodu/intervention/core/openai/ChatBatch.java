package org.emodu.intervention.core.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.MultipartField;
import com.openai.core.ObjectMappers;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchError;
import com.openai.models.batches.BatchListParams;
import com.openai.models.batches.BatchRequestCounts;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileListParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.Progress;
import org.emodu.intervention.core.chat.ChatReply;
import org.emodu.intervention.core.chat.ChatRequest;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.core.internal.Secrets;
import org.emodu.intervention.core.internal.io.UntrustedText;
import org.emodu.intervention.core.tools.IllegalParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks many chat requests at once through the OpenAI Batch API, which answers within 24 hours at half
 * the price of asking them one by one. {@link #submit} writes the requests as a batch input file (one
 * {@code {"custom_id", "method", "url", "body"}} line each, the body exactly what
 * {@link OpenAiChatBackend} sends for the same {@link ChatRequest}), uploads it with purpose
 * {@code batch} and creates the batch on {@code /v1/chat/completions} with the {@code 24h} window;
 * {@link #collect} follows the batch until it ends and downloads its output and error files, giving
 * each request's {@link ChatReply}, or the failure that stopped it.
 *
 * <p>Paid work is never repeated. The upload and the batch are recorded in the caller's
 * {@link Journal} as soon as they exist, so a run that stops while it waits follows the same batch
 * when it starts again. An upload whose answer was lost is found again by its name, which carries the
 * content's hash, and a batch whose answer was lost by its input file; neither is sent twice.
 */
public final class ChatBatch implements AutoCloseable {

  /** How long to wait between two looks at a batch, by default. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);
  /** The endpoint every line of the input file asks. */
  public static final String ENDPOINT = "/v1/chat/completions";
  private static final int HASH_DIGITS = 16;
  private static final int LISTED = 100;
  private static final Logger log = LoggerFactory.getLogger(ChatBatch.class);

  private final OpenAiConnection connection;
  private final OpenAIClient client;
  /** The same client without the SDK's retries, for the calls that create something. */
  private final OpenAIClient once;
  private final OpenAiErrors errors;
  private final Duration pollInterval;
  private final Waiter waiter;

  /**
   * @param pollInterval how long to wait between two looks at a running batch; zero looks again at once
   *     (for a local stand-in)
   * @param waiter how to wait (tests pass one that returns at once)
   */
  public ChatBatch(OpenAiConnection connection, Duration pollInterval, Waiter waiter) {
    this.connection = Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.isNegative()) {
      throw new IllegalParameterException("pollInterval", "must not be negative, got " + pollInterval);
    }
    this.pollInterval = pollInterval;
    this.waiter = Objects.requireNonNull(waiter, "waiter");
    this.client = connection.newClient();
    this.once = client.withOptions(options -> options.maxRetries(0));
    this.errors = new OpenAiErrors(connection);
  }

  /** With the default poll interval, waiting by sleeping. */
  public ChatBatch(OpenAiConnection connection) {
    this(connection, DEFAULT_POLL_INTERVAL, duration -> Thread.sleep(duration.toMillis()));
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  /**
   * Writes {@code lines} to {@code inputFile}, uploads it and creates the batch, recording each step
   * in {@code journal}. When the journal already records a batch for the same input that was not
   * collected, nothing is sent and that batch's record is returned.
   *
   * @param name what the batch is for, kept in its metadata and the uploaded file's name
   *     ({@code experiment-base})
   * @throws IllegalArgumentException when there are no lines or two share a custom id
   * @throws ModelException when the upload or the creation fails; the journal keeps what exists
   */
  public BatchRecord submit(String name, List<Line> lines, Path inputFile, Journal journal) {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one request");
    }
    if (!name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
      throw new IllegalArgumentException("a batch name must be lower-case letters, digits and hyphens, got '" + name + "'");
    }
    byte[] input = input(lines);
    String sha256 = sha256(input);
    Optional<BatchRecord> known = journal.find(sha256).filter(record -> !record.collected());
    if (known.isPresent() && known.get().created()) {
      log.info("the batch {} for these requests was created before; following it", known.get().batchId());
      return known.get();
    }
    OutputFiles.write(inputFile, true, input);
    String uploadName = name + ".sha256-" + sha256.substring(0, HASH_DIGITS) + ".jsonl";
    BatchRecord uploaded = known.orElseGet(() -> {
      String fileId = findUpload(uploadName, input.length).orElseGet(() -> upload(uploadName, input));
      BatchRecord record = new BatchRecord(sha256, fileId, "", false);
      journal.record(record);
      return record;
    });
    Set<String> collected = journal.collectedBatches();
    Optional<Batch> existing = findBatch(uploaded.inputFileId(), collected);
    Batch batch = existing.orElseGet(() -> create(name, uploaded.inputFileId(), collected));
    BatchRecord created = uploaded.withBatch(batch.id());
    journal.record(created);
    log.info("{} request(s) are in the batch {} (input file {})", lines.size(), batch.id(), uploaded.inputFileId());
    return created;
  }

  /**
   * Follows a created batch until it ends, then downloads its output and error files into
   * {@code directory} (as {@code BATCH_ID-output.jsonl} and {@code BATCH_ID-errors.jsonl}) and reads
   * them. Each finished request is reported to {@code progress} as a step, from the batch's request
   * counts; the caller starts and finishes the progress, and records the batch as collected
   * ({@link BatchRecord#asCollected}) once it has kept the results. A batch that failed is recorded as
   * collected here, since it has none.
   *
   * @param expected the custom ids the batch should answer; any it leaves out becomes a failure
   * @return every answered request's reply and every other request's failure, by custom id; requests
   *     the batch does not mention are failures too
   * @throws ModelException when the batch failed (the message gives its errors; nothing was answered)
   *     or cannot be followed (it stays recorded; the next run follows it again)
   * @throws InterruptedException when interrupted while waiting; the batch runs on and stays recorded
   */
  public Result collect(BatchRecord record, List<String> expected, Path directory, Journal journal, Progress progress)
      throws InterruptedException {
    if (!record.created()) {
      throw new IllegalArgumentException("the batch for " + record.inputFileId() + " was not created yet");
    }
    String id = record.batchId();
    long reported = 0;
    String lastStatus = "";
    while (true) {
      Batch batch = read("follow the batch " + id, () -> client.batches().retrieve(id));
      String status = batch.status().asString();
      long finished = batch.requestCounts().map(counts -> counts.completed() + counts.failed()).orElse(0L);
      if (finished > reported) {
        progress.step(finished - reported, describe(batch));
        reported = finished;
      } else if (!status.equals(lastStatus)) {
        progress.step(0, describe(batch));
      }
      if (!status.equals(lastStatus)) {
        log.info("the batch {} is {}", id, status);
        lastStatus = status;
      }
      switch (status) {
        case "completed" -> {
          return results(batch, expected, directory, Optional.empty());
        }
        case "expired" -> {
          return results(batch, expected, directory, Optional.of("the batch " + id + " expired before its 24-hour"
              + " window ended: " + counts(batch) + "; the requests it did not answer are recorded as failures"));
        }
        case "cancelled" -> {
          return results(batch, expected, directory, Optional.of("the batch " + id + " was cancelled: " + counts(batch)
              + "; the requests it did not answer are recorded as failures"));
        }
        case "failed" -> {
          // Nothing ran; the next run with the same requests creates a new batch rather than follow this one.
          journal.record(record.asCollected());
          throw new ModelException(ModelException.Kind.BAD_REQUEST, 0, "the batch " + id
            + " failed while the server validated its input file " + record.inputFileId() + ", so nothing was answered"
            + " or charged: " + batchErrors(batch) + ". Correct the cause; the next run creates a new batch", null);
        }
        case "validating", "in_progress", "finalizing", "cancelling" -> {
          if (!pollInterval.isZero()) {
            waiter.await(pollInterval);
          }
        }
        default -> throw new ModelException(ModelException.Kind.MALFORMED_RESPONSE, 0, "the batch " + id + " has the"
            + " status " + UntrustedText.quoted(status, 40) + ", which the API does not have; it stays recorded, and"
            + " the next run follows it again", null);
      }
    }
  }

  private static String describe(Batch batch) {
    String status = batch.status().asString();
    return switch (status) {
      case "validating" -> "batch " + batch.id() + ": the server is checking the input file";
      case "in_progress" -> "batch " + batch.id() + ": " + counts(batch);
      case "finalizing" -> "batch " + batch.id() + ": the server is writing the results";
      case "cancelling" -> "batch " + batch.id() + ": being cancelled, waiting for what was answered";
      default -> "batch " + batch.id() + " " + status + ": " + counts(batch);
    };
  }

  private static String counts(Batch batch) {
    BatchRequestCounts counts = batch.requestCounts().orElse(null);
    if (counts == null) {
      return "no counts yet";
    }
    return counts.completed() + " of " + counts.total() + " answered" + (counts.failed() > 0 ? ", " + counts.failed() + " failed" : "");
  }

  private static String batchErrors(Batch batch) {
    List<String> described = new ArrayList<>();
    for (BatchError error : batch.errors().flatMap(Batch.Errors::data).orElse(List.of())) {
      StringBuilder text = new StringBuilder();
      error.line().ifPresent(line -> text.append("line ").append(line).append(": "));
      text.append(UntrustedText.printable(error.message().orElse("no message"), 300));
      error.code().ifPresent(code -> text.append(" (").append(UntrustedText.printable(code, 60)).append(')'));
      error.param().ifPresent(param -> text.append(" [").append(UntrustedText.printable(param, 60)).append(']'));
      described.add(text.toString());
      if (described.size() == 10) {
        break;
      }
    }
    return described.isEmpty() ? "the server gave no errors" : Secrets.redact(String.join("; ", described));
  }

  private Result results(Batch batch, List<String> expected, Path directory, Optional<String> notice) {
    Map<String, ChatReply> replies = new LinkedHashMap<>();
    Map<String, ModelException> failures = new LinkedHashMap<>();
    Optional<String> output = batch.outputFileId();
    Optional<String> errorFile = batch.errorFileId();
    if (output.isPresent()) {
      read(batch, download(output.get(), directory.resolve(batch.id() + "-output.jsonl")), replies, failures);
    }
    if (errorFile.isPresent()) {
      read(batch, download(errorFile.get(), directory.resolve(batch.id() + "-errors.jsonl")), replies, failures);
    }
    for (String customId : expected) {
      if (!replies.containsKey(customId) && !failures.containsKey(customId)) {
        failures.put(customId, new ModelException(ModelException.Kind.MALFORMED_RESPONSE, 0, "the batch " + batch.id()
            + " gave no result for this request (" + batch.status().asString() + ")", null));
      }
    }
    return new Result(batch.id(), batch.status().asString(), replies, failures, notice);
  }

  private byte[] download(String fileId, Path target) {
    String action = "download the batch file " + fileId;
    byte[] bytes = read(action, () -> {
      try (HttpResponse response = client.files().content(fileId); InputStream body = response.body()) {
        return body.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    OutputFiles.write(target, true, bytes);
    return bytes;
  }

  private void read(Batch batch, byte[] file, Map<String, ChatReply> replies, Map<String, ModelException> failures) {
    JsonMapper mapper = ObjectMappers.jsonMapper();
    int number = 0;
    for (String text : new String(file, StandardCharsets.UTF_8).split("\n")) {
      number++;
      if (text.isBlank()) {
        continue;
      }
      JsonNode line;
      try {
        line = mapper.readTree(text);
      } catch (JsonProcessingException e) {
        throw new ModelException(ModelException.Kind.MALFORMED_RESPONSE, 0, "line " + number + " of a result file of"
            + " the batch " + batch.id() + " is not JSON; the batch stays recorded, and the next run reads it again", null);
      }
      String customId = line.path("custom_id").asText("");
      if (customId.isEmpty()) {
        continue;
      }
      JsonNode response = line.path("response");
      int statusCode = response.path("status_code").asInt(0);
      if (statusCode == 200 && response.path("body").isObject()) {
        try {
          ChatCompletion completion = mapper.treeToValue(response.path("body"), ChatCompletion.class);
          replies.put(customId, OpenAiChatBackend.reply(completion, connection.host()));
        } catch (JsonProcessingException | OpenAIException e) {
          failures.put(customId, new ModelException(ModelException.Kind.MALFORMED_RESPONSE, 0, connection.host()
              + " answered a request of the batch " + batch.id() + " in a shape the API does not have", null));
        } catch (ModelException e) {
          failures.put(customId, e);
        }
      } else if (response.isObject() && statusCode != 0) {
        failures.put(customId, lineFailure(batch, line, statusCode,
            response.path("body").path("error").path("message").asText("no message")));
      } else {
        JsonNode error = line.path("error");
        String code = error.path("code").asText("");
        String message = error.path("message").asText("no message");
        failures.put(customId, new ModelException(ModelException.Kind.TIMEOUT, 0, "the batch " + batch.id()
            + " did not run this request: " + UntrustedText.printable(message, 300)
            + (code.isEmpty() ? "" : " (" + UntrustedText.printable(code, 60) + ")"), null));
      }
    }
  }

  private ModelException lineFailure(Batch batch, JsonNode line, int status, String message) {
    ModelException.Kind kind = status == 429 ? ModelException.Kind.RATE_LIMITED
        : status >= 500 ? ModelException.Kind.SERVER_ERROR
        : status == 401 || status == 403 ? ModelException.Kind.AUTHENTICATION
        : ModelException.Kind.BAD_REQUEST;
    String model = batch.model().orElse("");
    return new ModelException(kind, status, connection.redact(connection.host() + " refused to generate"
        + (model.isEmpty() ? "" : " with the model " + UntrustedText.printable(model, 80)) + " in the batch " + batch.id()
        + " (HTTP " + status + "): " + UntrustedText.printable(message, 400)), null);
  }

  private static byte[] input(List<Line> lines) {
    JsonMapper mapper = ObjectMappers.jsonMapper();
    Set<String> ids = new HashSet<>();
    StringBuilder text = new StringBuilder();
    for (Line line : lines) {
      if (!ids.add(line.customId())) {
        throw new IllegalArgumentException("the custom id " + line.customId() + " is in the batch twice");
      }
      ObjectNode node = mapper.createObjectNode();
      node.put("custom_id", line.customId());
      node.put("method", "POST");
      node.put("url", ENDPOINT);
      node.set("body", mapper.valueToTree(OpenAiChatBackend.params(line.request(), null)._body()));
      try {
        text.append(mapper.writeValueAsString(node)).append('\n');
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a chat request cannot be written as JSON", e);
      }
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** An upload of this content that arrived earlier (its name carries the content's hash), if the server lists files. */
  private Optional<String> findUpload(String uploadName, long bytes) {
    FileListParams params = FileListParams.builder().purpose(FilePurpose.BATCH.asString())
        .order(FileListParams.Order.DESC).limit((long) LISTED).build();
    try {
      List<FileObject> files = client.files().list(params).data();
      return files.stream().filter(file -> file.filename().equals(uploadName) && file.bytes() == bytes)
          .map(FileObject::id).findFirst();
    } catch (OpenAIServiceException e) {
      if (e.statusCode() == 401 || e.statusCode() == 403) {
        throw errors.mapped(e, "look for an earlier upload of " + uploadName);
      }
      log.debug("the server does not list files ({}); uploading {}", e.statusCode(), uploadName);
      return Optional.empty();
    } catch (OpenAIException e) {
      throw errors.mapped(e, "look for an earlier upload of " + uploadName);
    }
  }

  private String upload(String uploadName, byte[] input) {
    try {
      FileObject file = once.files().create(FileCreateParams.builder()
          .file(MultipartField.<InputStream>builder().value(new ByteArrayInputStream(input)).filename(uploadName).build())
          .purpose(FilePurpose.BATCH)
          .build());
      log.info("uploaded the batch input {} as {}", uploadName, file.id());
      return file.id();
    } catch (OpenAIIoException e) {
      // The answer may be lost while the file arrived: look for it before anything is sent again.
      return findUpload(uploadName, input.length).orElseThrow(() -> errors.mapped(e, "upload the batch input " + uploadName));
    } catch (OpenAIException e) {
      throw errors.mapped(e, "upload the batch input " + uploadName);
    }
  }

  private Batch create(String name, String inputFileId, Set<String> collected) {
    BatchCreateParams params = BatchCreateParams.builder()
        .inputFileId(inputFileId)
        .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
        .completionWindow(BatchCreateParams.CompletionWindow._24H)
        .metadata(BatchCreateParams.Metadata.builder().putAdditionalProperty("intervensi", JsonValue.from(name)).build())
        .build();
    try {
      return once.batches().create(params);
    } catch (OpenAIIoException e) {
      // The batch may exist although its answer was lost: look for it before anything is created again.
      return findBatch(inputFileId, collected).orElseThrow(() -> errors.mapped(e, "create the batch for " + inputFileId
          + " (no batch was found for it afterwards, and none was created again; run the same command to try again)"));
    } catch (OpenAIException e) {
      throw errors.mapped(e, "create the batch for " + inputFileId);
    }
  }

  /** A batch on the server for this input file that was neither collected by us nor failed. */
  private Optional<Batch> findBatch(String inputFileId, Set<String> collected) {
    try {
      return client.batches().list(BatchListParams.builder().limit((long) LISTED).build()).data().stream()
          .filter(batch -> batch.inputFileId().equals(inputFileId))
          .filter(batch -> !collected.contains(batch.id()))
          .filter(batch -> !batch.status().asString().equals("failed"))
          .findFirst();
    } catch (OpenAIServiceException e) {
      if (e.statusCode() == 401 || e.statusCode() == 403) {
        throw errors.mapped(e, "look for a batch of " + inputFileId);
      }
      log.debug("the server does not list batches ({})", e.statusCode());
      return Optional.empty();
    } catch (OpenAIException e) {
      throw errors.mapped(e, "look for a batch of " + inputFileId);
    }
  }

  private <T> T read(String action, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (OpenAIException e) {
      ModelException mapped = errors.mapped(e, action);
      throw new ModelException(mapped.kind(), mapped.status(), mapped.getMessage()
          + "; the batch stays recorded, and running the same command again follows it without creating another", null);
    } catch (UncheckedIOException e) {
      throw new ModelException(ModelException.Kind.CONNECTION, 0, "cannot " + action + " from " + connection.host()
          + ": " + e.getCause().getMessage() + "; the batch stays recorded, and running the same command again"
          + " follows it without creating another", null);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }

  /** One request of a batch, under an id unique in it that comes back with its answer. */
  public record Line(String customId, ChatRequest request) {

    public Line {
      Objects.requireNonNull(customId, "customId");
      Objects.requireNonNull(request, "request");
      if (customId.isBlank() || customId.length() > 512) {
        throw new IllegalArgumentException("a custom id must have 1 to 512 characters, got '" + customId + "'");
      }
    }
  }

  /**
   * What a finished batch gave.
   *
   * @param batchId the batch
   * @param status {@code completed}, {@code expired} or {@code cancelled}
   * @param replies the answered requests' replies, by custom id
   * @param failures the other requests' failures, by custom id, as a failed call would throw them
   * @param notice what a user should be told when the batch did not complete
   */
  public record Result(String batchId, String status, Map<String, ChatReply> replies,
      Map<String, ModelException> failures, Optional<String> notice) {

    public Result {
      replies = Map.copyOf(replies);
      failures = Map.copyOf(failures);
    }
  }

  /**
   * Where a run keeps its {@link BatchRecord}s: the batches it uploaded and created, found again by the
   * input's hash. Writes are durable before {@link #record} returns.
   */
  public interface Journal {

    /** The latest record for an input with this SHA-256, if any. */
    Optional<BatchRecord> find(String inputSha256);

    /** Records (or replaces, by its input's hash) a batch's record. */
    void record(BatchRecord record);

    /** The ids of the batches whose results were taken in already. */
    Set<String> collectedBatches();
  }

  /** Waits between two looks at a batch. */
  @FunctionalInterface
  public interface Waiter {
    void await(Duration duration) throws InterruptedException;
  }
}
