package org.emodu.intervention.dataset;

import java.util.HashMap;
import java.util.Map;
import org.emodu.intervention.core.ChatTokenCounter;

/**
 * Counts {@code cl100k_base} tokens of message contents, remembering the counts of short lines.
 * Training files repeat lines endlessly (a prompt's {@code Emotion: bored}, {@code Subject: Fisika}),
 * and a line break between a letter or digit and a letter or digit is always a token of its own in
 * {@code cl100k_base}: no pre-token can run across it, so a text's count is exactly the sum of its
 * lines' counts and one per such break. Texts are split only there; everything else is counted as
 * a whole. Not thread-safe: one per thread.
 */
final class LineTokenCache {

  private static final int LONGEST_REMEMBERED = 256;
  private static final int MOST_REMEMBERED = 50_000;

  private final ChatTokenCounter counter;
  private final int newlineTokens;
  private final Map<String, Integer> counts = new HashMap<>();

  LineTokenCache(ChatTokenCounter counter) {
    this.counter = counter;
    this.newlineTokens = counter.countText("\n");
  }

  int count(String text) {
    int total = 0;
    int start = 0;
    for (int i = 1; i < text.length() - 1; i++) {
      if (text.charAt(i) == '\n' && Character.isLetterOrDigit(text.charAt(i - 1)) && Character.isLetterOrDigit(text.charAt(i + 1))) {
        total += line(text.substring(start, i)) + newlineTokens;
        start = i + 1;
      }
    }
    return total + line(start == 0 ? text : text.substring(start));
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
