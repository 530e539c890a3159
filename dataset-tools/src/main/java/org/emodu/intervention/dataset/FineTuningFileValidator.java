package org.emodu.intervention.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.emodu.intervention.core.ChatTokenCounter;
import org.emodu.intervention.core.Json;

/**
 * Checks a chat fine-tuning file the way the OpenAI fine-tuning guide and cookbook describe, and
 * measures it. Every line must be a JSON object with a non-empty {@code messages} list and no keys
 * but {@code messages}, {@code tools}, {@code functions} and {@code parallel_tool_calls}; each
 * message an object with a known {@code role} (system, developer, user, assistant, tool, function),
 * text {@code content} that is not empty, no unknown keys, an optional text {@code name} and a
 * {@code weight} of 0 or 1 on assistant messages only; each example at least one assistant
 * message and at most the context limit in tokens. The file needs at least
 * {@value #MINIMUM_EXAMPLES} examples. Blank lines and bytes that are not UTF-8 are errors too.
 *
 * <p>The file is streamed line by line and never held whole: batches of lines are checked on up to
 * four threads (tokenising is the costly part), a few batches in flight at a time, and per example
 * only a few numbers are kept for the statistics. Errors are reported by line and kind; the first {@code maxErrors} are
 * kept, all are counted. Instances are immutable; {@link #validate} may run on several threads.
 */
public final class FineTuningFileValidator {

  /** gpt-3.5-turbo's context in tokens, the seed study's model. */
  public static final int DEFAULT_CONTEXT_LIMIT = 16_385;
  /** OpenAI refuses to fine-tune on fewer examples. */
  public static final int MINIMUM_EXAMPLES = 10;
  public static final int DEFAULT_MAX_ERRORS = 1_000;
  /** A line longer than this is reported and skipped rather than held: no real example comes close. */
  static final int MAX_LINE_BYTES = 8 << 20;
  /** Lines checked together on one thread. */
  private static final int BATCH_LINES = 512;

  static final Set<String> EXAMPLE_KEYS = Set.of("messages", "tools", "functions", "parallel_tool_calls");
  static final Set<String> MESSAGE_KEYS = Set.of("role", "content", "name", "weight", "function_call", "tool_calls", "tool_call_id");
  static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

  private static final ObjectReader READER = Json.mapper().reader()
      .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final int contextLimit;
  private final int maxErrors;
  private final int minimumExamples;
  private final ChatTokenCounter counter = ChatTokenCounter.cl100k();
  private final ThreadLocal<LineTokenCache> lineCache = ThreadLocal.withInitial(() -> new LineTokenCache(counter));

  /** A validator for gpt-3.5-turbo's context of {@value #DEFAULT_CONTEXT_LIMIT} tokens. */
  public FineTuningFileValidator() {
    this(DEFAULT_CONTEXT_LIMIT);
  }

  /** A validator for a model whose context holds {@code contextLimit} tokens. */
  public FineTuningFileValidator(int contextLimit) {
    this(contextLimit, DEFAULT_MAX_ERRORS, MINIMUM_EXAMPLES);
  }

  /**
   * A validator with every knob.
   *
   * @param contextLimit the model's context in tokens
   * @param maxErrors how many errors the report keeps (all are counted)
   * @param minimumExamples the fewest examples a file may have, 0 to not check
   */
  public FineTuningFileValidator(int contextLimit, int maxErrors, int minimumExamples) {
    if (contextLimit < 1) {
      throw new IllegalArgumentException("the context limit must be at least 1 token, got " + contextLimit);
    }
    if (maxErrors < 0) {
      throw new IllegalArgumentException("maxErrors cannot be negative, got " + maxErrors);
    }
    if (minimumExamples < 0) {
      throw new IllegalArgumentException("minimumExamples cannot be negative, got " + minimumExamples);
    }
    this.contextLimit = contextLimit;
    this.maxErrors = maxErrors;
    this.minimumExamples = minimumExamples;
  }

  public int contextLimit() {
    return contextLimit;
  }

  /**
   * Validates and measures a file, streaming it.
   *
   * @throws UncheckedIOException when the file cannot be read
   */
  public ValidationReport validate(Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return validate(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Validates and measures a stream of JSON Lines; does not close it. */
  public ValidationReport validate(InputStream in) throws IOException {
    Run run = new Run();
    ByteLines lines = new ByteLines(in, MAX_LINE_BYTES);
    int threads = Math.min(4, Runtime.getRuntime().availableProcessors());
    ExecutorService workers = threads > 1 ? Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "intervensi-validate");
      thread.setDaemon(true);
      return thread;
    }) : null;
    // Batches in flight are bounded, so memory stays a few batches deep whatever the file's size.
    Deque<Future<Batch>> pending = new ArrayDeque<>();
    try {
      Batch batch = new Batch(1);
      int number = 0;
      while (lines.next()) {
        number++;
        batch.add(lines);
        if (batch.size() == BATCH_LINES) {
          submit(batch, workers, pending, run, threads);
          batch = new Batch(number + 1);
        }
      }
      submit(batch, workers, pending, run, 0);
      while (!pending.isEmpty()) {
        run.merge(await(pending.poll()));
      }
      if (run.examples < minimumExamples) {
        run.error(0, "too_few_examples", "the file has " + run.examples + " example(s); fine-tuning needs at least " + minimumExamples);
      }
      return run.report(number);
    } finally {
      if (workers != null) {
        workers.shutdownNow();
      }
    }
  }

  private void submit(Batch batch, ExecutorService workers, Deque<Future<Batch>> pending, Run run, int threads) {
    if (batch.size() == 0) {
      return;
    }
    if (workers == null) {
      run.merge(check(batch));
      return;
    }
    pending.add(workers.submit(() -> check(batch)));
    while (pending.size() > 2 * threads) {
      run.merge(await(pending.poll()));
    }
  }

  private static Batch await(Future<Batch> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("validation was interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    }
  }

  /** Checks and measures every line of a batch; runs on a worker thread. */
  private Batch check(Batch batch) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    for (int index = 0; index < batch.size(); index++) {
      int number = batch.firstLine + index;
      if (batch.tooLong(index)) {
        batch.error(number, "line_too_long", "the line is longer than " + (MAX_LINE_BYTES >> 20) + " MiB; no example can be that long");
        continue;
      }
      String text;
      try {
        text = decoder.decode(ByteBuffer.wrap(batch.bytes, batch.start(index), batch.length(index))).toString();
      } catch (CharacterCodingException e) {
        batch.error(number, "invalid_utf8", "the line holds bytes that are not UTF-8; save the file as UTF-8");
        continue;
      }
      if (number == 1 && text.startsWith("\uFEFF")) {
        batch.error(number, "byte_order_mark", "the file starts with a byte-order mark; save it as UTF-8 without BOM");
        text = text.substring(1);
      }
      if (text.isBlank()) {
        batch.error(number, "blank_line", "the line is empty; every line must hold one example");
        continue;
      }
      example(batch, number, text);
    }
    batch.bytes = null;
    return batch;
  }

  private void example(Batch run, int line, String text) {
    JsonNode node;
    try {
      node = READER.readTree(text);
    } catch (JsonProcessingException e) {
      run.error(line, "invalid_json", "not valid JSON: " + e.getOriginalMessage());
      return;
    }
    if (node == null || !node.isObject()) {
      run.error(line, "data_type", "the line must be a JSON object {\"messages\": [...]}, not " + describe(node));
      return;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!EXAMPLE_KEYS.contains(name)) {
        run.error(line, "unrecognized_key", "the key '" + name + "' is not part of the chat format; allowed: messages, tools, functions, parallel_tool_calls");
      }
    }
    JsonNode messages = node.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      run.error(line, "missing_messages_list", messages == null ? "the example has no \"messages\" list"
          : messages.isArray() ? "the \"messages\" list is empty" : "\"messages\" must be a list, not " + describe(messages));
      return;
    }
    int tokens = 0;
    int assistantTokens = 0;
    boolean hasAssistant = false;
    boolean hasSystem = false;
    boolean hasUser = false;
    int index = 0;
    for (JsonNode message : messages) {
      index++;
      if (!message.isObject()) {
        run.error(line, "message_not_object", "message " + index + " must be an object with role and content, not " + describe(message));
        continue;
      }
      JsonNode role = message.get("role");
      JsonNode content = message.get("content");
      if (role == null || content == null) {
        run.error(line, "message_missing_key", "message " + index + " lacks " + (role == null ? content == null ? "role and content" : "role" : "content"));
      }
      for (Iterator<String> names = message.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!MESSAGE_KEYS.contains(name)) {
          run.error(line, "message_unrecognized_key", "message " + index + " has the key '" + name + "'; allowed: role, content, name, weight (and tool fields)");
        }
      }
      String roleName = role != null && role.isTextual() ? role.asText() : null;
      if (role != null && (roleName == null || !ROLES.contains(roleName))) {
        run.error(line, "unrecognized_role", "message " + index + " has the role " + printable(role) + "; use system, user or assistant");
      }
      boolean callsTool = message.hasNonNull("function_call") || message.hasNonNull("tool_calls");
      if (content != null && !(content.isTextual() && !content.asText().isBlank())
          && !(callsTool && content.isNull())) {
        run.error(line, "missing_content", "message " + index + " must have text content that is not empty, not " + describe(content));
      }
      JsonNode name = message.get("name");
      if (name != null && !(name.isTextual() && !name.asText().isBlank())) {
        run.error(line, "invalid_name", "message " + index + " has a name that is not a non-empty text");
      }
      JsonNode weight = message.get("weight");
      if (weight != null && (!"assistant".equals(roleName) || !(weight.isIntegralNumber() && (weight.asInt() == 0 || weight.asInt() == 1)))) {
        run.error(line, "invalid_weight", "message " + index + ": weight must be 0 or 1 and only on assistant messages");
      }
      int messageTokens = ChatTokenCounter.TOKENS_PER_MESSAGE
          + (roleName == null ? 0 : run.count(counter, roleName, false))
          + (content != null && content.isTextual() ? run.count(counter, content.asText(), "system".equals(roleName)) : 0);
      if (name != null && name.isTextual()) {
        messageTokens += 1 + run.count(counter, name.asText(), false);
      }
      tokens += messageTokens;
      if ("assistant".equals(roleName)) {
        hasAssistant = true;
        if (content != null && content.isTextual()) {
          assistantTokens += run.count(counter, content.asText(), false);
        }
      }
      hasSystem |= "system".equals(roleName);
      hasUser |= "user".equals(roleName);
    }
    if (!hasAssistant) {
      run.error(line, "example_missing_assistant_message", "the example has no assistant message to learn from");
    }
    if (tokens > contextLimit) {
      run.error(line, "too_many_tokens", "the example has " + tokens + " tokens, more than the context of " + contextLimit + "; it would be cut");
    }
    run.example(messages.size(), tokens, assistantTokens, hasSystem, hasUser, tokens > contextLimit);
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isNull()) {
      return "null";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> node.asText().isBlank() ? "an empty text" : "a text";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String printable(JsonNode node) {
    String text = node.isTextual() ? "'" + node.asText() + "'" : describe(node);
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }

  /**
   * A run of consecutive lines checked together on one thread: their bytes, then what was found
   * in them (errors and per-example figures), merged into the {@link Run} in file order.
   */
  private final class Batch {
    final int firstLine;
    byte[] bytes = new byte[1 << 16];
    private int used;
    private int[] offsets = new int[BATCH_LINES + 1];
    private final boolean[] tooLong = new boolean[BATCH_LINES];
    private int lines;
    final List<ValidationError> errors = new ArrayList<>();
    final Map<String, Integer> repeatedTexts = new HashMap<>();
    int examples;
    final int[] messageCounts = new int[BATCH_LINES];
    final int[] tokenCounts = new int[BATCH_LINES];
    final int[] assistantCounts = new int[BATCH_LINES];
    final boolean[] withoutSystem = new boolean[BATCH_LINES];
    final boolean[] withoutUser = new boolean[BATCH_LINES];

    Batch(int firstLine) {
      this.firstLine = firstLine;
    }

    int size() {
      return lines;
    }

    void add(ByteLines line) {
      int length = line.length();
      if (used + length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + length));
      }
      System.arraycopy(line.bytes(), 0, bytes, used, length);
      tooLong[lines] = line.tooLong();
      offsets[lines] = used;
      used += length;
      lines++;
      offsets[lines] = used;
    }

    boolean tooLong(int index) {
      return tooLong[index];
    }

    int start(int index) {
      return offsets[index];
    }

    int length(int index) {
      return offsets[index + 1] - offsets[index];
    }

    void error(int line, String kind, String message) {
      errors.add(new ValidationError(line, kind, message));
    }

    /** Token count of a text; system prompts repeat on every line, so theirs are remembered whole. */
    int count(ChatTokenCounter tokenCounter, String text, boolean repeats) {
      if (!repeats) {
        return lineCache.get().count(text);
      }
      Integer known = repeatedTexts.get(text);
      if (known != null) {
        return known;
      }
      int tokens = tokenCounter.countText(text);
      if (repeatedTexts.size() < 16) {
        repeatedTexts.put(text, tokens);
      }
      return tokens;
    }

    void example(int messages, int tokens, int assistantTokens, boolean hasSystem, boolean hasUser, boolean over) {
      messageCounts[examples] = messages;
      tokenCounts[examples] = tokens;
      assistantCounts[examples] = assistantTokens;
      withoutSystem[examples] = !hasSystem;
      withoutUser[examples] = !hasUser;
      examples++;
    }
  }

  /** The state of one validation: errors kept and counted, per-example figures. */
  private final class Run {
    private final List<ValidationError> errors = new ArrayList<>();
    private final Map<String, Long> counts = new HashMap<>();
    private long totalErrors;
    private int examples;
    private int[] messageCounts = new int[1024];
    private int[] tokenCounts = new int[1024];
    private int[] assistantCounts = new int[1024];
    private long totalTokens;
    private long billed;
    private long withoutSystem;
    private long withoutUser;
    private long overContext;

    void error(int line, String kind, String message) {
      totalErrors++;
      counts.merge(kind, 1L, Long::sum);
      if (errors.size() < maxErrors) {
        errors.add(new ValidationError(line, kind, message));
      }
    }

    void merge(Batch batch) {
      for (ValidationError error : batch.errors) {
        error(error.line(), error.kind(), error.message());
      }
      for (int i = 0; i < batch.examples; i++) {
        if (examples == messageCounts.length) {
          int grown = examples * 2;
          messageCounts = Arrays.copyOf(messageCounts, grown);
          tokenCounts = Arrays.copyOf(tokenCounts, grown);
          assistantCounts = Arrays.copyOf(assistantCounts, grown);
        }
        int tokens = batch.tokenCounts[i];
        messageCounts[examples] = batch.messageCounts[i];
        tokenCounts[examples] = tokens;
        assistantCounts[examples] = batch.assistantCounts[i];
        examples++;
        totalTokens += tokens;
        billed += Math.min(tokens, contextLimit);
        withoutSystem += batch.withoutSystem[i] ? 1 : 0;
        withoutUser += batch.withoutUser[i] ? 1 : 0;
        overContext += tokens > contextLimit ? 1 : 0;
      }
    }

    ValidationReport report(long lines) {
      FileStatistics statistics = new FileStatistics(examples,
          Distribution.of(messageCounts, examples), Distribution.of(tokenCounts, examples),
          Distribution.of(assistantCounts, examples), totalTokens, withoutSystem, withoutUser, overContext,
          contextLimit, billed);
      List<ValidationError> sorted = new ArrayList<>(errors);
      // The file-level error (line 0) is found last but belongs first.
      sorted.sort(java.util.Comparator.comparingInt(ValidationError::line));
      return new ValidationReport(lines, sorted, totalErrors, counts, statistics);
    }
  }
}
