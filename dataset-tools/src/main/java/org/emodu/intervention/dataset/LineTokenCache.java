package org.emodu.intervention.dataset;

import java.util.HashMap;
import java.util.Map;
import org.emodu.intervention.core.chat.ChatTokenCounter;

/**
 * Counts {@code cl100k_base} tokens of message contents, remembering the counts of the pieces texts
 * are made of. Training files repeat themselves endlessly: lines of a prompt ({@code Emotion:
 * bored}, {@code Subject: Fisika}) and the words of the answers. Texts are cut only where no
 * {@code cl100k_base} pre-token can run across the cut, so a text's count is exactly the sum of
 * its pieces' counts:
 *
 * <ul>
 *   <li>at a line break between a letter or digit and a letter or digit: the break is a token of
 *       its own;
 *   <li>before a single space that follows a character that is not white space and precedes a
 *       letter: the space starts the next word's pre-token, and nothing before it can reach past it.
 * </ul>
 *
 * <p>Not thread-safe: one per thread.
 */
final class LineTokenCache {

  private static final int LONGEST_REMEMBERED = 64;
  private static final int MOST_REMEMBERED = 100_000;

  private final ChatTokenCounter counter;
  private final int newlineTokens;
  private final Map<String, Integer> counts = new HashMap<>();
  private final Map<String, Integer> wholeTexts = new HashMap<>();

  LineTokenCache(ChatTokenCounter counter) {
    this.counter = counter;
    this.newlineTokens = counter.countText("\n");
  }

  int count(String text) {
    int total = 0;
    int start = 0;
    for (int i = 1; i < text.length() - 1; i++) {
      char c = text.charAt(i);
      if (c == '\n' && Character.isLetterOrDigit(text.charAt(i - 1)) && Character.isLetterOrDigit(text.charAt(i + 1))) {
        total += line(text.substring(start, i)) + newlineTokens;
        start = i + 1;
      } else if (c == ' ' && i > start && isSolid(text.charAt(i - 1)) && Character.isLetter(text.charAt(i + 1))) {
        total += line(text.substring(start, i));
        start = i;
      }
    }
    return total + line(start == 0 ? text : text.substring(start));
  }

  /** Counts a long text that repeats whole, such as a system prompt on every line of a file. */
  int countWhole(String text) {
    Integer known = wholeTexts.get(text);
    if (known != null) {
      return known;
    }
    int tokens = count(text);
    if (wholeTexts.size() < 16) {
      wholeTexts.put(text, tokens);
    }
    return tokens;
  }

  /** Not white space by any definition a tokenizer might use. */
  private static boolean isSolid(char c) {
    return !Character.isWhitespace(c) && !Character.isSpaceChar(c) && c != '\u0085' && c != '\u200B';
  }

  private int line(String line) {
    if (line.length() > LONGEST_REMEMBERED) {
      return counter.countText(line);
    }
    Integer known = counts.get(line);
    if (known != null) {
      return known;
    }
    if (counts.size() >= MOST_REMEMBERED) {
      counts.clear();
    }
    int tokens = counter.countText(line);
    counts.put(line, tokens);
    return tokens;
  }
}
