package org.emodu.intervention.core.internal.io;

/**
 * How text from outside (a file's content, a setting's value, a server's answer) may appear in a
 * message: on one line, cut short, and with every character that could hide or rearrange what a
 * terminal or log viewer shows written as an escape.
 */
public final class UntrustedText {

  private UntrustedText() {}

  /**
   * The text on one line and at most {@code maxLength} code points long (then ending in {@code …}):
   * line breaks, tabs and runs of spaces become one space, the ends are trimmed, and control,
   * format (direction overrides, zero-width characters), unassigned and lone surrogate characters
   * are written as {@code \\uXXXX}.
   */
  public static String printable(String text, int maxLength) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be at least 1, got " + maxLength);
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength + 8));
    int shown = 0;
    boolean pendingSpace = false;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      if (isBreakOrSpace(codePoint)) {
        pendingSpace = out.length() > 0;
        continue;
      }
      if (pendingSpace) {
        if (shown == maxLength) {
          return out.append('…').toString();
        }
        out.append(' ');
        shown++;
        pendingSpace = false;
      }
      if (shown == maxLength) {
        return out.append('…').toString();
      }
      if (isHidden(codePoint)) {
        out.append(escape(codePoint));
      } else {
        out.appendCodePoint(codePoint);
      }
      shown++;
    }
    return out.toString();
  }

  /** {@link #printable} between single quotes, for a value a message cites: {@code got 'assistent'}. */
  public static String quoted(String text, int maxLength) {
    return "'" + printable(text, maxLength) + "'";
  }

  /** A single character as a message shows it: itself when visible, else {@code U+XXXX}. */
  public static String character(int codePoint) {
    if (isBreakOrSpace(codePoint) || isHidden(codePoint)) {
      return String.format("U+%04X", codePoint);
    }
    return "'" + new String(Character.toChars(codePoint)) + "'";
  }

  private static boolean isBreakOrSpace(int codePoint) {
    return codePoint == ' ' || codePoint == '\t' || codePoint == '\n' || codePoint == '\r' || codePoint == 0x0B
        || codePoint == 0x0C || codePoint == 0x85 || codePoint == 0x2028 || codePoint == 0x2029;
  }

  private static boolean isHidden(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
        || type == Character.SURROGATE || type == Character.PRIVATE_USE;
  }

  private static String escape(int codePoint) {
    return codePoint <= 0xFFFF ? String.format("\\u%04X", codePoint) : String.format("\\u{%X}", codePoint);
  }
}
