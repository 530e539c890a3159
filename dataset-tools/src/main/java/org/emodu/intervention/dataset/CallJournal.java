package org.emodu.intervention.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.emodu.intervention.core.chat.ChatRequest;
import org.emodu.intervention.core.chat.TokenUsage;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.openai.BatchRecord;
import org.emodu.intervention.core.openai.ChatBatch;
import org.emodu.intervention.core.internal.io.JsonLines;
import org.emodu.intervention.core.internal.io.LineAppender;
import org.emodu.intervention.core.internal.io.LineReader;
import org.emodu.intervention.core.internal.io.MalformedLineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of every model call a run has paid for, so that a run that stops halfway can be
 * repeated without paying again: one JSON line per finished call, appended and forced to disk as
 * soon as the answer arrives. A call is known by a hash of everything that shapes its answer (step,
 * model, sampling settings, prompts, source and variant number); a repeated run finds its answer
 * here instead of asking the model. A last line cut short by a crash is ignored. Thread-safe.
 *
 * <p>A run through the Batch API also keeps its batches here ({@code {"batch": {...}}} lines, see
 * {@link BatchRecord}), each written before the run waits for it, so a restart follows the batch it
 * created instead of creating another.
 */
final class CallJournal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CallJournal.class);

  private final Optional<Path> file;
  private final LineAppender appender;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final List<BatchRecord> batches = new ArrayList<>();
  private final int loaded;

  private CallJournal(Optional<Path> file, LineAppender appender, Map<String, Entry> existing, List<BatchRecord> batches) {
    this.file = file;
    this.appender = appender;
    this.entries.putAll(existing);
    this.batches.addAll(batches);
    this.loaded = existing.size();
  }

  /** A journal kept only in memory: nothing survives the process. */
  static CallJournal inMemory() {
    return new CallJournal(Optional.empty(), null, Map.of(), List.of());
  }

  /**
   * Opens a journal file, reading the calls it already holds; creates it when absent.
   *
   * @throws IllegalArgumentException when a line other than the last is not a journal entry
   */
  static CallJournal open(Path file) {
    Map<String, Entry> existing = new ConcurrentHashMap<>();
    List<BatchRecord> batches = new ArrayList<>();
    try {
      if (Files.exists(file)) {
        read(file, existing, batches);
      }
      // The cut-short line stays as it is; new entries start on a line of their own.
      return new CallJournal(Optional.of(file), LineAppender.journal(file), existing, batches);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the journal " + file + ": " + e.getMessage(), e);
    }
  }

  private static void read(Path file, Map<String, Entry> existing, List<BatchRecord> batches) throws IOException {
    // A line is held back until the next one is seen: only the last can have been cut short by a
    // crash; any other bad line was changed by hand.
    boolean held = false;
    Optional<Runnable> previous = Optional.empty();
    long previousNumber = 0;
    String previousProblem = "";
    try (LineReader lines = LineReader.open(file)) {
      while (true) {
        Optional<Runnable> entry;
        String problem = "";
        try {
          String line = lines.next();
          if (line == null) {
            break;
          }
          if (line.isBlank()) {
            continue;
          }
          Optional<BatchRecord> batch = parseBatch(line);
          entry = batch.isPresent()
              ? Optional.of(() -> batches.add(batch.get()))
              : parse(line).map(parsed -> () -> existing.put(parsed.key(), parsed));
        } catch (MalformedLineException e) {
          entry = Optional.empty();
          problem = " (" + e.detail() + ")";
        }
        if (held) {
          previous.orElseThrow(corrupt(file, previousNumber, previousProblem)).run();
        }
        held = true;
        previous = entry;
        previousNumber = lines.lineNumber();
        previousProblem = problem;
      }
    }
    if (held) {
      if (previous.isPresent()) {
        previous.get().run();
      } else {
        LOG.warn("the journal {} ends with an incomplete line {} (the run was cut short); that call will be made again",
            file, previousNumber);
      }
    }
  }

  private static java.util.function.Supplier<IllegalArgumentException> corrupt(Path file, long line, String problem) {
    return () -> new IllegalArgumentException("line " + line + " of the journal " + file
        + " is not a journal entry" + problem + "; it was changed by hand: restore it, or delete the journal to pay for every call again");
  }

  private static Optional<Entry> parse(String line) {
    try {
      JsonNode node = JsonLines.parse(line, 0);
      if (!node.isObject() || !node.path("key").isTextual() || !node.path("reply").isTextual()) {
        return Optional.empty();
      }
      JsonNode usage = node.path("usage");
      return Optional.of(new Entry(
          node.get("key").asText(),
          node.path("step").asText(""),
          node.path("source").asText(""),
          node.path("variant").asInt(0),
          node.get("reply").asText(),
          node.path("model").asText(""),
          new TokenUsage(usage.path("prompt").asLong(0), usage.path("completion").asLong(0), usage.path("total").asLong(0))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<BatchRecord> parseBatch(String line) {
    if (!line.contains("\"batch\"")) {
      return Optional.empty();
    }
    try {
      JsonNode node = JsonLines.parse(line, 0).path("batch");
      if (!node.isObject() || !node.path("input_sha256").isTextual() || !node.path("input_file_id").isTextual()) {
        return Optional.empty();
      }
      return Optional.of(Json.mapper().treeToValue(node, BatchRecord.class));
    } catch (IllegalArgumentException | IOException e) {
      return Optional.empty();
    }
  }

  /** This journal's batches, as the Batch API client keeps them. */
  ChatBatch.Journal batches() {
    return new ChatBatch.Journal() {
      @Override
      public Optional<BatchRecord> find(String inputSha256) {
        return findBatch(inputSha256);
      }

      @Override
      public void record(BatchRecord batch) {
        recordBatch(batch);
      }

      @Override
      public Set<String> collectedBatches() {
        return CallJournal.this.collectedBatches();
      }
    };
  }

  private synchronized Optional<BatchRecord> findBatch(String inputSha256) {
    for (int i = batches.size() - 1; i >= 0; i--) {
      if (batches.get(i).inputSha256().equals(inputSha256)) {
        return Optional.of(batches.get(i));
      }
    }
    return Optional.empty();
  }

  private synchronized void recordBatch(BatchRecord batch) {
    batches.add(batch);
    if (appender == null) {
      return;
    }
    ObjectNode node = Json.mapper().createObjectNode();
    node.set("batch", Json.mapper().valueToTree(batch));
    try {
      appender.append(Json.mapper().writeValueAsString(node));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the journal " + file.orElseThrow() + ": " + e.getMessage(), e);
    }
  }

  private synchronized Set<String> collectedBatches() {
    Set<String> collected = new HashSet<>();
    batches.stream().filter(BatchRecord::collected).forEach(batch -> collected.add(batch.batchId()));
    return collected;
  }

  /** The batches created but not yet collected, oldest first: a run that stopped while they ran. */
  synchronized List<BatchRecord> openBatches() {
    Map<String, BatchRecord> latest = new LinkedHashMap<>();
    batches.forEach(batch -> latest.put(batch.inputSha256(), batch));
    Set<String> collected = collectedBatches();
    return latest.values().stream()
        .filter(batch -> batch.created() && !batch.collected() && !collected.contains(batch.batchId()))
        .toList();
  }

  /** The journal's file, if it has one. */
  Optional<Path> file() {
    return file;
  }

  /** How many calls the journal held when it was opened. */
  int loaded() {
    return loaded;
  }

  Optional<Entry> find(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** Records a finished call, on disk before this returns. */
  void record(Entry entry) {
    entries.put(entry.key(), entry);
    if (appender == null) {
      return;
    }
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("key", entry.key());
    node.put("step", entry.step());
    node.put("source", entry.source());
    node.put("variant", entry.variant());
    node.put("model", entry.model());
    node.put("reply", entry.reply());
    ObjectNode usage = node.putObject("usage");
    usage.put("prompt", entry.usage().prompt());
    usage.put("completion", entry.usage().completion());
    usage.put("total", entry.usage().total());
    try {
      appender.append(Json.mapper().writeValueAsString(node));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the journal " + file.orElseThrow() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (appender == null) {
      return;
    }
    try {
      appender.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the journal " + file.orElseThrow() + ": " + e.getMessage(), e);
    }
  }

  /** The key of a call: a hash of everything that shapes the answer. */
  static String key(String step, String source, int variant, ChatRequest request) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      StringBuilder text = new StringBuilder("intervensi-journal-1\n")
          .append(step).append('\n').append(source).append('\n').append(variant).append('\n')
          .append(request.model()).append('\n').append(request.maxTokens()).append('\n')
          .append(request.temperature()).append('\n');
      request.messages().forEach(message -> text.append(message.role().apiName()).append('\u0000')
          .append(message.content()).append('\u0001'));
      return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** One finished call. */
  record Entry(String key, String step, String source, int variant, String reply, String model, TokenUsage usage) {}
}
