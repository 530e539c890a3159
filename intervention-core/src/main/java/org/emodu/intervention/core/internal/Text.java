package org.emodu.intervention.core.internal;

import java.util.regex.Pattern;

/** Text helpers shared by request validation, the output policy and the exemplar corpus. */
public final class Text {

  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}\\u200B-\\u200D\\u2060\\uFEFF]");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private Text() {}

  /**
   * Replaces line breaks and other control characters by spaces, collapses runs of whitespace and
   * trims, so that a field can never start a new line in a prompt.
   */
  public static String singleLine(String text) {
    if (isSingleLine(text)) {
      // The common case, checked without the two regular expressions below: every request field
      // and every generated answer passes through here.
      return text;
    }
    String withoutControls = CONTROL.matcher(text).replaceAll(" ");
    return SPACES.matcher(withoutControls).replaceAll(" ").strip();
  }

  /**
   * Whether {@link #singleLine} would return the text unchanged: no control or invisible
   * character, no run of spaces, no whitespace at either end.
   */
  private static boolean isSingleLine(String text) {
    int length = text.length();
    if (length == 0) {
      return true;
    }
    if (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(length - 1))) {
      return false;
    }
    char previous = 0;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c == ' ' ? previous == ' ' : c < ' ' || (c >= 0x7F && isControl(c))) {
        return false;
      }
      previous = c;
    }
    return true;
  }

  /** What {@link #CONTROL} matches, for one UTF-16 unit (every character it names is in the BMP). */
  private static boolean isControl(char c) {
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
        || (c >= '\u200B' && c <= '\u200D') || c == '\u2060' || c == '\uFEFF';
  }

  /**
   * Counts words as the output policy does: whitespace-separated tokens that hold at least one
   * letter or digit, so emoji and lone punctuation are not words.
   */
  public static int countWords(String text) {
    int words = 0;
    boolean inToken = false;
    boolean tokenHasLetter = false;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
        if (inToken && tokenHasLetter) {
          words++;
        }
        inToken = false;
        tokenHasLetter = false;
      } else {
        inToken = true;
        tokenHasLetter |= Character.isLetterOrDigit(codePoint);
      }
    }
    return inToken && tokenHasLetter ? words + 1 : words;
  }

  /** Whether the text holds at least one emoji. */
  public static boolean hasEmoji(String text) {
    return text.codePoints().anyMatch(Text::isEmoji);
  }

  /**
   * Whether a code point is an emoji: the pictographic blocks, the dingbats and miscellaneous
   * symbols that render as emoji, and the regional indicators. Java 17 has no
   * {@code Character.isEmoji}; these ranges cover what chat models and our corpus use.
   */
  public static boolean isEmoji(int codePoint) {
    return (codePoint >= 0x1F000 && codePoint <= 0x1FAFF)
        || (codePoint >= 0x2600 && codePoint <= 0x27BF)
        || (codePoint >= 0x2300 && codePoint <= 0x23FF)
        || (codePoint >= 0x2B05 && codePoint <= 0x2B55)
        || codePoint == 0x2934 || codePoint == 0x2935
        || codePoint == 0x3030 || codePoint == 0x303D
        || codePoint == 0x3297 || codePoint == 0x3299;
  }
}
