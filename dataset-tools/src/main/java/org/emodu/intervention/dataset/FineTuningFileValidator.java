package org.emodu.intervention.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.emodu.intervention.core.chat.ChatTokenCounter;
import org.emodu.intervention.core.internal.io.ByteLines;
import org.emodu.intervention.core.internal.io.JsonLines;
import org.emodu.intervention.core.internal.io.MalformedLineException;
import org.emodu.intervention.core.internal.io.UntrustedText;
import org.emodu.intervention.core.internal.io.Utf8;
import org.emodu.intervention.dataset.ValidationError.Kind;
import org.emodu.intervention.core.internal.Threads;

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
 * <p>The file is streamed and never held whole: batches of lines are parsed (with a streaming
 * parser, no trees) and tokenised on up to four threads, a few batches in flight at a time, and per
 * example only a few numbers are kept for the statistics. Errors are reported by line and kind;
 * the first {@code maxErrors} are kept, all are counted. Instances are immutable; {@link #validate}
 * may run on several threads.
 */
public final class FineTuningFileValidator {

  /** gpt-3.5-turbo's context in tokens, the seed study's model. */
  public static final int DEFAULT_CONTEXT_LIMIT = 16_385;
  /** OpenAI refuses to fine-tune on fewer examples. */
  public static final int MINIMUM_EXAMPLES = 10;
  public static final int DEFAULT_MAX_ERRORS = 1_000;
  /** A line longer than this is reported and skipped rather than held: no real example comes close. */
  static final int MAX_LINE_BYTES = 8 << 20;
  /** Lines checked together on one thread, at most. */
  private static final int BATCH_LINES = 512;
  /**
   * Bytes a batch collects before it is checked: with a few batches in flight, memory stays a few
   * MiB deep even when every line is long.
   */
  private static final int BATCH_BYTES = 1 << 20;
  /**
   * The longest token of {@code cl100k_base}, in bytes: a text of {@code n} bytes has at least
   * {@code n / 128} tokens. A text far past the context is not tokenised (a single word of
   * megabytes would take the tokenizer seconds and hundreds of MiB); it is counted at that bound.
   */
  static final int LONGEST_TOKEN_BYTES = 128;

  static final Set<String> EXAMPLE_KEYS = Set.of("messages", "tools", "functions", "parallel_tool_calls");
  static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private final int contextLimit;
  /** A content longer than this has more tokens than the context holds, and is not tokenised. */
  private final long untokenisedChars;
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
    this.untokenisedChars = (contextLimit + 1L) * LONGEST_TOKEN_BYTES;
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
    ExecutorService workers = threads > 1 ? Executors.newFixedThreadPool(threads, Threads.daemons("intervensi-validate")) : null;
    // Batches in flight are bounded, so memory stays a few batches deep whatever the file's size.
    Deque<Future<Batch>> pending = new ArrayDeque<>();
    try {
      Batch batch = new Batch(1);
      int number = 0;
      while (lines.next()) {
        number++;
        batch.add(lines);
        if (batch.size() == BATCH_LINES || batch.byteSize() >= BATCH_BYTES) {
          submit(batch, workers, pending, run, threads);
          batch = new Batch(number + 1);
        }
      }
      submit(batch, workers, pending, run, 0);
      while (!pending.isEmpty()) {
        run.merge(await(pending.poll()));
      }
      if (run.examples < minimumExamples) {
        run.error(0, Kind.TOO_FEW_EXAMPLES, "the file has " + run.examples + " example(s); fine-tuning needs at least " + minimumExamples);
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
    byte[] bytes = batch.bytes;
    for (int index = 0; index < batch.size(); index++) {
      int number = batch.firstLine + index;
      if (batch.tooLong(index)) {
        batch.error(number, Kind.LINE_TOO_LONG, "the line is longer than " + (MAX_LINE_BYTES >> 20) + " MiB; no example can be that long");
        continue;
      }
      int start = batch.start(index);
      int length = batch.length(index);
      if (number == 1 && length >= 3 && bytes[start] == (byte) 0xEF && bytes[start + 1] == (byte) 0xBB && bytes[start + 2] == (byte) 0xBF) {
        batch.error(number, Kind.BYTE_ORDER_MARK, "the file starts with a byte-order mark; save it as UTF-8 without BOM");
        start += 3;
        length -= 3;
      }
      int bad = Utf8.firstMalformed(bytes, start, length);
      if (bad >= 0) {
        batch.error(number, Kind.INVALID_UTF8, MalformedLineException.notUtf8Detail(bad - batch.start(index), bytes[bad], batch.fileOffset(index)));
        continue;
      }
      if (isBlank(bytes, start, length)) {
        batch.error(number, Kind.BLANK_LINE, "the line is empty; every line must hold one example");
        continue;
      }
      example(batch, number, bytes, start, length);
    }
    batch.bytes = null;
    return batch;
  }

  /**
   * Checks one example with a streaming parser (no tree is built). The line's problems are held
   * back until the whole line has parsed: a line that turns out not to be JSON reports only that.
   */
  private void example(Batch batch, int line, byte[] bytes, int start, int length) {
    List<Problem> problems = new ArrayList<>(0);
    Measure measure = new Measure();
    try (JsonParser parser = FACTORY.createParser(bytes, start, length)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        String found = describe(first, parser);
        parser.skipChildren();
        expectEnd(parser);
        batch.error(line, Kind.DATA_TYPE, "the line must be a JSON object {\"messages\": [...]}, not " + found);
        return;
      }
      boolean sawMessages = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("messages")) {
          sawMessages = true;
          if (value == JsonToken.START_ARRAY) {
            messages(parser, problems, measure);
          } else {
            problems.add(new Problem(Kind.MISSING_MESSAGES_LIST, "\"messages\" must be a list, not " + describe(value, parser)));
            parser.skipChildren();
          }
        } else {
          if (!EXAMPLE_KEYS.contains(name)) {
            problems.add(new Problem(Kind.UNRECOGNIZED_KEY,
                "the key '" + name + "' is not part of the chat format; allowed: messages, tools, functions, parallel_tool_calls"));
          }
          parser.skipChildren();
        }
      }
      expectEnd(parser);
      if (!sawMessages) {
        problems.add(new Problem(Kind.MISSING_MESSAGES_LIST, "the example has no \"messages\" list"));
      }
    } catch (JsonProcessingException e) {
      batch.error(line, Kind.INVALID_JSON, "not valid JSON" + column(e) + ": " + JsonLines.describe(e));
      return;
    } catch (IOException e) {
      // A parser over bytes in memory reads no stream; only its own complaints, handled above, occur.
      throw new IllegalStateException("reading a line from memory failed", e);
    }
    for (Problem problem : problems) {
      batch.error(line, problem.kind(), problem.message());
    }
    if (measure.messages > 0) {
      if (!measure.hasAssistant) {
        batch.error(line, Kind.EXAMPLE_MISSING_ASSISTANT_MESSAGE, "the example has no assistant message to learn from");
      }
      if (measure.tokens > contextLimit) {
        batch.error(line, Kind.TOO_MANY_TOKENS, "the example has " + (measure.lowerBound ? "at least " : "") + measure.tokens
            + " tokens, more than the context of " + contextLimit + "; it would be cut");
      }
      batch.example(measure.messages, measure.tokens, measure.assistantTokens, measure.hasSystem, measure.hasUser, measure.tokens > contextLimit);
    }
  }

  /** Reads the messages list; the parser stands on its opening bracket. */
  private void messages(JsonParser parser, List<Problem> problems, Measure measure) throws IOException {
    int index = 0;
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      index++;
      if (token != JsonToken.START_OBJECT) {
        problems.add(new Problem(Kind.MESSAGE_NOT_OBJECT, "message " + index + " must be an object with role and content, not " + describe(token, parser)));
        parser.skipChildren();
        continue;
      }
      Message message = new Message();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "role" -> {
            message.hasRole = true;
            message.role = value == JsonToken.VALUE_STRING ? parser.getText() : null;
            message.roleShown = value == JsonToken.VALUE_STRING ? UntrustedText.quoted(parser.getText(), 38) : describe(value, parser);
          }
          case "content" -> {
            message.hasContent = true;
            message.content = value == JsonToken.VALUE_STRING ? parser.getText() : null;
            message.contentIsNull = value == JsonToken.VALUE_NULL;
            message.contentShown = describe(value, parser);
          }
          case "name" -> {
            message.hasName = true;
            message.name = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          }
          case "weight" -> {
            message.hasWeight = true;
            message.weightValid = value == JsonToken.VALUE_NUMBER_INT && (parser.getLongValue() == 0 || parser.getLongValue() == 1);
          }
          case "function_call", "tool_calls" -> message.callsTool |= value != JsonToken.VALUE_NULL;
          case "tool_call_id" -> { }
          default -> problems.add(new Problem(Kind.MESSAGE_UNRECOGNIZED_KEY,
              "message " + index + " has the key '" + name + "'; allowed: role, content, name, weight (and tool fields)"));
        }
        parser.skipChildren();
      }
      check(message, index, problems, measure);
    }
    if (index == 0) {
      problems.add(new Problem(Kind.MISSING_MESSAGES_LIST, "the \"messages\" list is empty"));
    }
  }

  private void check(Message message, int index, List<Problem> problems, Measure measure) {
    if (!message.hasRole || !message.hasContent) {
      problems.add(new Problem(Kind.MESSAGE_MISSING_KEY, "message " + index + " lacks "
          + (!message.hasRole ? !message.hasContent ? "role and content" : "role" : "content")));
    }
    String role = message.role;
    if (message.hasRole && (role == null || !ROLES.contains(role))) {
      problems.add(new Problem(Kind.UNRECOGNIZED_ROLE, "message " + index + " has the role " + message.roleShown + "; use one of: system, developer, user, assistant, tool, function"));
    }
    if (message.hasContent && (message.content == null || message.content.isBlank()) && !(message.callsTool && message.contentIsNull)) {
      problems.add(new Problem(Kind.MISSING_CONTENT, "message " + index + " must have text content that is not empty, not " + message.contentShown));
    }
    if (message.hasName && (message.name == null || message.name.isBlank())) {
      problems.add(new Problem(Kind.INVALID_NAME, "message " + index + " has a name that is not a non-empty text"));
    }
    if (message.hasWeight && (!"assistant".equals(role) || !message.weightValid)) {
      problems.add(new Problem(Kind.INVALID_WEIGHT, "message " + index + ": weight must be 0 or 1 and only on assistant messages"));
    }
    LineTokenCache tokens = lineCache.get();
    int messageTokens = ChatTokenCounter.TOKENS_PER_MESSAGE + (role == null ? 0 : tokens.count(role));
    int contentTokens = 0;
    if (message.content != null) {
      if (message.content.length() > untokenisedChars) {
        // Chars are at most bytes, so this many chars are at least this many tokens.
        contentTokens = message.content.length() / LONGEST_TOKEN_BYTES;
        measure.lowerBound = true;
      } else {
        contentTokens = "system".equals(role) ? tokens.countWhole(message.content) : tokens.count(message.content);
      }
      messageTokens += contentTokens;
    }
    if (message.name != null) {
      messageTokens += 1 + tokens.count(message.name);
    }
    measure.messages++;
    measure.tokens += messageTokens;
    if ("assistant".equals(role)) {
      measure.hasAssistant = true;
      measure.assistantTokens += contentTokens;
    }
    measure.hasSystem |= "system".equals(role);
    measure.hasUser |= "user".equals(role);
  }

  private static void expectEnd(JsonParser parser) throws IOException {
    JsonToken after = parser.nextToken();
    if (after != null) {
      throw new JsonParseException(parser, "more after the example; one example a line");
    }
  }

  /** {@code  at column 17}, where the parser knows it (in bytes: the line is parsed as UTF-8 bytes). */
  private static String column(JsonProcessingException error) {
    JsonLocation location = error.getLocation();
    return location == null || location.getColumnNr() < 1 ? "" : " at column " + location.getColumnNr();
  }

  /** A problem of a line, held back until the line has parsed. */
  private record Problem(Kind kind, String message) {}

  /** One message's fields, collected before they are checked (keys come in any order). */
  private static final class Message {
    boolean hasRole;
    boolean hasContent;
    boolean hasName;
    boolean hasWeight;
    boolean weightValid;
    boolean callsTool;
    boolean contentIsNull;
    String role;
    String roleShown = "";
    String content;
    String contentShown = "";
    String name;
  }

  /** One example's figures. */
  private static final class Measure {
    int messages;
    int tokens;
    int assistantTokens;
    /** A text was too long to tokenise: {@link #tokens} is a lower bound, above the context. */
    boolean lowerBound;
    boolean hasAssistant;
    boolean hasSystem;
    boolean hasUser;
  }

  private static String describe(JsonToken token, JsonParser parser) throws IOException {
    if (token == null || token == JsonToken.VALUE_NULL) {
      return "null";
    }
    return switch (token) {
      case START_ARRAY -> "a list";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> parser.getText().isBlank() ? "an empty text" : "a text";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      default -> token.name().toLowerCase(java.util.Locale.ROOT);
    };
  }


  private static boolean isBlank(byte[] bytes, int start, int length) {
    for (int i = start; i < start + length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\f') {
        return false;
      }
    }
    return true;
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
    private final long[] fileOffsets = new long[BATCH_LINES];
    private final boolean[] tooLong = new boolean[BATCH_LINES];
    private int lines;
    final List<ValidationError> errors = new ArrayList<>();
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

    int byteSize() {
      return used;
    }

    void add(ByteLines line) {
      int length = line.length();
      if (used + length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + length));
      }
      System.arraycopy(line.bytes(), 0, bytes, used, length);
      tooLong[lines] = line.tooLong();
      fileOffsets[lines] = line.offset();
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

    /** Where the line starts in the file. */
    long fileOffset(int index) {
      return fileOffsets[index];
    }

    int length(int index) {
      return offsets[index + 1] - offsets[index];
    }

    void error(int line, Kind kind, String message) {
      errors.add(new ValidationError(line, kind, message));
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
    private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
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

    void error(int line, Kind kind, String message) {
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
