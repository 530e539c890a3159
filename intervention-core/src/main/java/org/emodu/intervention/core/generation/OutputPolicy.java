package org.emodu.intervention.core.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emodu.intervention.core.internal.Text;

/**
 * The rules every intervention meets: non-empty, a single message on one line, not wrapped in
 * quotes, at most {@code maxWords} words (see {@link Text#countWords}), at least one emoji.
 *
 * <p>{@link #apply} repairs what can be repaired without changing the message's meaning: it
 * unwraps quotes, drops a leading label such as {@code Output:}, keeps the first of several
 * messages, joins lines, cuts an over-long answer at the last sentence end within the limit, and
 * adds an emoji to an answer that has none. What it cannot repair is reported as a violation and
 * never passed off as compliant. Immutable and thread-safe.
 */
public final class OutputPolicy {

  /** The word limit of the seed study. */
  public static final int DEFAULT_MAX_WORDS = 25;

  private static final String ADDED_EMOJI = "😊";
  private static final Pattern LEADING_LABEL = Pattern.compile(
      "^(?i:(output|jawaban|respon(se)?|intervensi|kalimat( motivasi)?|assistant|asisten)\\s*:)\\s*");
  private static final Pattern ENUMERATION = Pattern.compile("^\\s*(\\d+[.)]|[-*•])\\s+");
  private static final Pattern SENTENCE_END = Pattern.compile("[.!?…]+[\"'”’)]*(\\s+\\p{So}+)*(?=\\s|$)");
  private static final String OPENING_QUOTES = "\"'“‘«„`";
  private static final String CLOSING_QUOTES = "\"'”’»“`";

  private final int maxWords;

  public OutputPolicy(int maxWords) {
    if (maxWords < 1) {
      throw new IllegalArgumentException("maxWords must be at least 1, got " + maxWords);
    }
    this.maxWords = maxWords;
  }

  /** The seed study's policy: at most 25 words. */
  public static OutputPolicy standard() {
    return new OutputPolicy(DEFAULT_MAX_WORDS);
  }

  public int maxWords() {
    return maxWords;
  }

  /** Checks a generator's raw text, repairing what can be repaired. */
  public Result apply(String raw) {
    List<String> repairs = new ArrayList<>();
    String text = firstMessage(raw, repairs);
    text = unwrapped(text, repairs);
    List<String> violations = new ArrayList<>();
    if (text.isEmpty()) {
      violations.add("the answer is empty");
      return new Result(text, repairs, violations);
    }
    int words = Text.countWords(text);
    if (words > maxWords) {
      String cut = cutAtSentence(text);
      if (cut != null) {
        repairs.add("cut from " + words + " to " + Text.countWords(cut) + " words at a sentence end");
        text = cut;
      } else {
        violations.add("the answer has " + words + " words, more than " + maxWords);
      }
    }
    if (!Text.hasEmoji(text)) {
      text = text + " " + ADDED_EMOJI;
      repairs.add("added an emoji");
    }
    return new Result(text, repairs, violations);
  }

  /** Checks a text without repairing it; the returned violations are empty when it complies. */
  public List<String> check(String text) {
    List<String> violations = new ArrayList<>();
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      violations.add("the answer is empty");
      return violations;
    }
    if (trimmed.contains("\n") || trimmed.contains("\r")) {
      violations.add("the answer spans several lines");
    }
    if (isWrapped(trimmed)) {
      violations.add("the answer is wrapped in quotes");
    }
    int words = Text.countWords(trimmed);
    if (words > maxWords) {
      violations.add("the answer has " + words + " words, more than " + maxWords);
    }
    if (!Text.hasEmoji(trimmed)) {
      violations.add("the answer has no emoji");
    }
    return violations;
  }

  private static String firstMessage(String raw, List<String> repairs) {
    String text = raw.strip();
    Matcher label = LEADING_LABEL.matcher(text);
    if (label.find()) {
      text = text.substring(label.end());
      repairs.add("removed a leading label");
    }
    List<String> lines = text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    if (lines.size() > 1) {
      boolean enumerated = lines.stream().allMatch(line -> ENUMERATION.matcher(line).find());
      if (enumerated) {
        repairs.add("kept the first of " + lines.size() + " listed answers");
        return ENUMERATION.matcher(lines.get(0)).replaceFirst("").strip();
      }
      repairs.add("joined " + lines.size() + " lines into one");
      return Text.singleLine(String.join(" ", lines));
    }
    String single = Text.singleLine(text);
    if (!single.equals(text)) {
      repairs.add("removed control characters");
    }
    return single;
  }

  private static String unwrapped(String text, List<String> repairs) {
    String current = text;
    while (isWrapped(current)) {
      current = current.substring(1, current.length() - 1).strip();
      repairs.add("removed wrapping quotes");
    }
    return current;
  }

  private static boolean isWrapped(String text) {
    if (text.length() < 2) {
      return false;
    }
    int open = OPENING_QUOTES.indexOf(text.charAt(0));
    int close = CLOSING_QUOTES.indexOf(text.charAt(text.length() - 1));
    if (open < 0 || close < 0) {
      return false;
    }
    // A quote inside would mean the quotes delimit only part of the text.
    String inner = text.substring(1, text.length() - 1);
    return inner.indexOf(text.charAt(0)) < 0 && inner.indexOf(text.charAt(text.length() - 1)) < 0;
  }

  /** The longest prefix ending a sentence within the word limit, or null when there is none. */
  private String cutAtSentence(String text) {
    Matcher end = SENTENCE_END.matcher(text);
    String best = null;
    while (end.find()) {
      String prefix = text.substring(0, end.end()).strip();
      if (Text.countWords(prefix) > maxWords) {
        break;
      }
      best = prefix;
    }
    // A cut that keeps less than half the limit loses too much of the message to count as a repair.
    return best != null && Text.countWords(best) * 2 >= maxWords ? best : null;
  }

  /**
   * The outcome of applying the policy.
   *
   * @param text the repaired text
   * @param repairs what was changed, in order
   * @param violations what still breaks the policy; empty when the text complies
   */
  public record Result(String text, List<String> repairs, List<String> violations) {
    public Result {
      repairs = List.copyOf(repairs);
      violations = List.copyOf(violations);
    }

    public boolean compliant() {
      return violations.isEmpty();
    }
  }
}
