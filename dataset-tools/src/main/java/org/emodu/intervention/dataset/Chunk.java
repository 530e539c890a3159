package org.emodu.intervention.dataset;

import java.util.Locale;
import java.util.regex.Pattern;
import org.emodu.intervention.core.internal.Text;

/**
 * One whitespace-separated piece of an exemplar's text as the local augmentations see it: a word
 * core with the punctuation around it, or a piece that must stay exactly as written (a
 * placeholder, an emoji, lone punctuation).
 *
 * @param prefix punctuation before the word, such as an opening parenthesis
 * @param core the word itself; the whole piece when {@code fixed}
 * @param suffix punctuation after the word, such as a comma or an exclamation mark
 * @param fixed whether the piece is a placeholder, holds an emoji, or has no word in it
 */
record Chunk(String prefix, String core, String suffix, boolean fixed) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}\\s]*\\}");

  static Chunk parse(String piece) {
    if ((piece.indexOf('{') >= 0 && PLACEHOLDER.matcher(piece).find()) || hasEmoji(piece)) {
      return new Chunk("", piece, "", true);
    }
    int start = 0;
    while (start < piece.length() && !Character.isLetterOrDigit(piece.codePointAt(start))) {
      start += Character.charCount(piece.codePointAt(start));
    }
    int end = piece.length();
    while (end > start && !Character.isLetterOrDigit(piece.codePointBefore(end))) {
      end -= Character.charCount(piece.codePointBefore(end));
    }
    if (start >= end) {
      return new Chunk("", piece, "", true);
    }
    return new Chunk(piece.substring(0, start), piece.substring(start, end), piece.substring(end), false);
  }

  /** {@link Text#hasEmoji} without a stream: every emoji lies at or above U+2300. */
  static boolean hasEmoji(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x2300 && Text.isEmoji(text.codePointAt(i))) {
        return true;
      }
    }
    return false;
  }

  static Chunk word(String word) {
    return new Chunk("", word, "", false);
  }

  boolean isWord() {
    return !fixed;
  }

  boolean capitalised() {
    return isWord() && Character.isUpperCase(core.codePointAt(0));
  }

  Chunk withCore(String newCore) {
    return new Chunk(prefix, newCore, suffix, fixed);
  }

  Chunk withSuffix(String newSuffix) {
    return new Chunk(prefix, core, newSuffix, fixed);
  }

  String text() {
    return prefix + core + suffix;
  }

  /** The core with its first letter in the case the given chunk's position had. */
  String coreCasedLike(Chunk position) {
    if (core.isEmpty() || isAllCaps(core)) {
      return core;
    }
    String first = core.substring(0, Character.charCount(core.codePointAt(0)));
    String rest = core.substring(first.length());
    return (position.capitalised() ? first.toUpperCase(Locale.ROOT) : first.toLowerCase(Locale.ROOT)) + rest;
  }

  private static boolean isAllCaps(String word) {
    return word.length() > 1 && word.codePoints().filter(Character::isLetter).allMatch(Character::isUpperCase);
  }
}
