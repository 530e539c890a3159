package org.emodu.intervention.dataset;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.Progress;
import org.emodu.intervention.core.chat.ChatBackend;
import org.emodu.intervention.core.chat.ChatMessage;
import org.emodu.intervention.core.chat.ChatReply;
import org.emodu.intervention.core.chat.ChatRequest;
import org.emodu.intervention.core.chat.TokenUsage;

/**
 * Paraphrase and back translation through a {@link ChatBackend}. Every call is looked up in the
 * {@link CallJournal} first and recorded there as soon as it is answered, so a repeated run pays
 * for no call twice. Back translation is two calls (Indonesian to English, English to Indonesian),
 * journaled one by one. Thread-safe.
 */
final class ModelAugmentation {

  static final String PARAPHRASE_PROMPT = """
      You rewrite short motivational chat messages that a teacher sends to a student during an online class.
      Rewrite the message in informal Indonesian with different wording and the same meaning.
      Keep every placeholder in curly braces exactly as written, such as {username}, {subject} and {classname}.
      Keep every emoji. Keep the emotion, the reinforcement and the ARCS strategy the message serves.
      Use at most %d words. Answer with the rewritten message only, on one line, without quotes.""";

  static final String TO_ENGLISH_PROMPT = """
      Translate the informal Indonesian chat message into natural English.
      Keep every placeholder in curly braces exactly as written, such as {username}, {subject} and {classname}, and keep every emoji.
      Answer with the translation only, on one line, without quotes.""";

  static final String TO_INDONESIAN_PROMPT = """
      Translate the English chat message into informal, warm Indonesian as a teacher writes to a student in an online class.
      Keep every placeholder in curly braces exactly as written, such as {username}, {subject} and {classname}, and keep every emoji.
      Use at most %d words. Answer with the translation only, on one line, without quotes.""";

  private final ChatBackend backend;
  private final String model;
  private final double temperature;
  private final int maxTokens;
  private final int maxWords;
  private final CallJournal journal;
  private final Progress progress;
  private final AtomicReference<TokenUsage> spent = new AtomicReference<>(TokenUsage.NONE);
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger resumed = new AtomicInteger();
  private final Consumer<PendingCall> unanswered;

  ModelAugmentation(ChatBackend backend, String model, double temperature, int maxTokens, int maxWords,
      CallJournal journal, Progress progress) {
    this(backend, model, temperature, maxTokens, maxWords, journal, progress, null);
  }

  /**
   * As above, but a call the journal cannot answer is handed to {@code unanswered} instead of the
   * backend, and {@link #apply} stops there with {@link Unanswered}: how a batch run learns which calls
   * it still has to ask.
   */
  ModelAugmentation(ChatBackend backend, String model, double temperature, int maxTokens, int maxWords,
      CallJournal journal, Progress progress, Consumer<PendingCall> unanswered) {
    this.unanswered = unanswered;
    this.backend = backend;
    this.model = model;
    this.temperature = temperature;
    this.maxTokens = maxTokens;
    this.maxWords = maxWords;
    this.journal = journal;
    this.progress = progress;
  }

  /** How many model calls a method makes per variant. */
  static int callsPerVariant(AugmentationMethod method) {
    return method == AugmentationMethod.BACK_TRANSLATION ? 2 : method.usesModel() ? 1 : 0;
  }

  String apply(AugmentationMethod method, Exemplar source, int variant) {
    return switch (method) {
      case PARAPHRASE -> call("paraphrase", source, variant,
          String.format(PARAPHRASE_PROMPT, maxWords),
          "Emotion: " + source.emotion().label() + "\nReinforcement: " + source.reinforcement().label()
              + "\nARCS: " + source.arcs().label() + "\nMessage: " + source.text());
      case BACK_TRANSLATION -> {
        String english = call("to-english", source, variant, TO_ENGLISH_PROMPT, source.text());
        yield call("to-indonesian", source, variant, String.format(TO_INDONESIAN_PROMPT, maxWords), firstLine(english));
      }
      default -> throw new IllegalArgumentException(method + " does not use a model");
    };
  }

  private String call(String step, Exemplar source, int variant, String system, String user) {
    ChatRequest request = new ChatRequest(model, List.of(ChatMessage.system(system), ChatMessage.user(user)), maxTokens, temperature);
    String key = CallJournal.key(step, source.id(), variant, request);
    var known = journal.find(key);
    if (known.isPresent()) {
      resumed.incrementAndGet();
      progress.step(1, status());
      return known.get().reply();
    }
    if (unanswered != null) {
      unanswered.accept(new PendingCall(key, step, source.id(), variant, request));
      throw new Unanswered();
    }
    ChatReply reply = backend.complete(request);
    journal.record(new CallJournal.Entry(key, step, source.id(), variant, reply.text(), reply.model(), reply.usage()));
    spent.accumulateAndGet(reply.usage(), TokenUsage::plus);
    calls.incrementAndGet();
    progress.step(1, status());
    return reply.text();
  }

  private String status() {
    return "tokens " + spent.get().total() + (resumed.get() > 0 ? ", " + resumed.get() + " from the journal" : "");
  }

  /** A call the journal could not answer, with what its journal entry records. */
  record PendingCall(String key, String step, String source, int variant, ChatRequest request) {}

  /** Stops {@link #apply} at a call that is still to be asked. */
  static final class Unanswered extends RuntimeException {
    Unanswered() {
      super("the call is still to be asked", null, false, false);
    }
  }

  /** The tokens this run's calls spent (journaled answers cost nothing again). */
  TokenUsage spent() {
    return spent.get();
  }

  int calls() {
    return calls.get();
  }

  int resumed() {
    return resumed.get();
  }

  /** A model's answer as one line: the first non-empty line, wrapping quotes removed. */
  static String firstLine(String answer) {
    String line = answer.lines().map(String::strip).filter(text -> !text.isEmpty()).findFirst().orElse("");
    while (line.length() >= 2 && isQuote(line.charAt(0)) && isQuote(line.charAt(line.length() - 1))
        && line.substring(1, line.length() - 1).chars().noneMatch(c -> isQuote((char) c))) {
      line = line.substring(1, line.length() - 1).strip();
    }
    return line;
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '“' || c == '”' || c == '\'' || c == '‘' || c == '’' || c == '«' || c == '»';
  }
}
