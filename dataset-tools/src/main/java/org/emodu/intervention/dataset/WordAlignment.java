package org.emodu.intervention.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A variant laid over its source token by token: the longest common subsequence of their tokens
 * (words in lower case without the punctuation around them, placeholders, emoji), and between two
 * matched tokens the hunks where the source's tokens gave way to the variant's. A word edit (a
 * synonym replaced, a word deleted or inserted) shows as one hunk; a moved word shows as tokens
 * both texts hold that the common subsequence could not match.
 */
final class WordAlignment {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}\\s]*\\}");

  /** Tokens of the source that gave way to tokens of the variant; either side may be empty. */
  record Hunk(List<Token> removed, List<Token> added) {}

  /** One token: its comparison key, and whether it is a word (not a placeholder or emoji). */
  record Token(String key, String text, boolean word) {}

  private final List<Hunk> hunks;
  private final String moved;

  private WordAlignment(List<Hunk> hunks, String moved) {
    this.hunks = hunks;
    this.moved = moved;
  }

  static WordAlignment of(String source, String variant) {
    return of(tokens(source), tokens(variant));
  }

  static WordAlignment of(List<Token> from, List<Token> to) {
    int[][] common = new int[from.size() + 1][to.size() + 1];
    for (int i = from.size() - 1; i >= 0; i--) {
      for (int j = to.size() - 1; j >= 0; j--) {
        common[i][j] = from.get(i).key().equals(to.get(j).key())
            ? common[i + 1][j + 1] + 1
            : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<Hunk> hunks = new ArrayList<>();
    List<Token> removed = new ArrayList<>();
    List<Token> added = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < from.size() || j < to.size()) {
      if (i < from.size() && j < to.size() && from.get(i).key().equals(to.get(j).key())) {
        if (!removed.isEmpty() || !added.isEmpty()) {
          hunks.add(new Hunk(List.copyOf(removed), List.copyOf(added)));
          removed.clear();
          added.clear();
        }
        i++;
        j++;
      } else if (j >= to.size() || (i < from.size() && common[i + 1][j] >= common[i][j + 1])) {
        removed.add(from.get(i++));
      } else {
        added.add(to.get(j++));
      }
    }
    if (!removed.isEmpty() || !added.isEmpty()) {
      hunks.add(new Hunk(List.copyOf(removed), List.copyOf(added)));
    }
    return new WordAlignment(List.copyOf(hunks), movedToken(hunks));
  }

  List<Hunk> hunks() {
    return hunks;
  }

  /** A token both texts hold that changed its place, or an empty string when none did. */
  String moved() {
    return moved;
  }

  /** The tokens of a text; lone punctuation is not a token. */
  static List<Token> tokens(String text) {
    return tokens(LocalAugmentation.chunks(text));
  }

  static List<Token> tokens(List<Chunk> chunks) {
    List<Token> tokens = new ArrayList<>(chunks.size());
    for (Chunk chunk : chunks) {
      if (chunk.isWord()) {
        tokens.add(new Token(chunk.core().toLowerCase(Locale.ROOT), chunk.core(), true));
        continue;
      }
      String piece = chunk.core();
      Matcher placeholder = PLACEHOLDER.matcher(piece);
      if (placeholder.find()) {
        tokens.add(new Token(placeholder.group(), placeholder.group(), false));
      } else if (Chunk.hasEmoji(piece)) {
        tokens.add(new Token(emojiOf(piece), piece, false));
      }
    }
    return tokens;
  }

  /** The emoji of a piece, without the punctuation around them. */
  private static String emojiOf(String piece) {
    StringBuilder emoji = new StringBuilder();
    piece.codePoints()
        .filter(codePoint -> !Character.isLetterOrDigit(codePoint) && !isAsciiPunctuation(codePoint))
        .forEach(emoji::appendCodePoint);
    return emoji.toString();
  }

  private static boolean isAsciiPunctuation(int codePoint) {
    return codePoint < 0x80 && !Character.isLetterOrDigit(codePoint);
  }

  /** A token removed in one hunk and added in another (or the same) has moved. */
  private static String movedToken(List<Hunk> hunks) {
    Map<String, Integer> balance = new HashMap<>();
    for (Hunk hunk : hunks) {
      hunk.removed().forEach(token -> balance.merge(token.key(), 1, Integer::sum));
    }
    for (Hunk hunk : hunks) {
      for (Token token : hunk.added()) {
        Integer removed = balance.get(token.key());
        if (removed != null && removed > 0) {
          return token.text();
        }
      }
    }
    return "";
  }
}
