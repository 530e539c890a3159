package org.emodu.intervention.dataset;

import java.text.Normalizer;
import org.emodu.intervention.core.internal.Text;

/**
 * Normalises an exemplar's text so that equal-looking texts are equal strings: Unicode NFC,
 * typographic quotes made straight, invisible characters removed (zero-width spaces and joiners,
 * word joiners, byte-order marks, soft hyphens, direction marks) except the zero-width joiner inside
 * an emoji sequence, every kind of whitespace and line break collapsed to one space, ends trimmed,
 * and quotes wrapping the whole text removed. Idempotent: normalising twice gives the same text as
 * normalising once.
 */
public final class TextNormalizer {

  private static final int ZERO_WIDTH_JOINER = 0x200D;
  private static final int VARIATION_SELECTOR = 0xFE0F;

  private TextNormalizer() {}

  public static String normalize(String text) {
    String composed = Normalizer.normalize(text, Normalizer.Form.NFC);
    StringBuilder out = new StringBuilder(composed.length());
    boolean pendingSpace = false;
    int[] codePoints = composed.codePoints().toArray();
    for (int i = 0; i < codePoints.length; i++) {
      int codePoint = codePoints[i];
      if (isInvisible(codePoint) && !(codePoint == ZERO_WIDTH_JOINER && joinsEmoji(codePoints, i))) {
        continue;
      }
      if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
        pendingSpace = out.length() > 0;
        continue;
      }
      if (pendingSpace) {
        out.append(' ');
        pendingSpace = false;
      }
      out.appendCodePoint(straightened(codePoint));
    }
    return unwrapped(out.toString());
  }

  private static boolean isInvisible(int codePoint) {
    return codePoint == 0x200B || codePoint == 0x200C || codePoint == ZERO_WIDTH_JOINER
        || codePoint == 0x2060 || codePoint == 0xFEFF || codePoint == 0x00AD
        || codePoint == 0x200E || codePoint == 0x200F || codePoint == 0x180E
        || (codePoint >= 0x202A && codePoint <= 0x202E) || (codePoint >= 0x2066 && codePoint <= 0x2069);
  }

  /** A joiner between two emoji (👩‍💻) is part of the emoji, not noise. */
  private static boolean joinsEmoji(int[] codePoints, int index) {
    int before = index - 1;
    while (before >= 0 && (codePoints[before] == VARIATION_SELECTOR || isSkinTone(codePoints[before]))) {
      before--;
    }
    return before >= 0 && index + 1 < codePoints.length
        && Text.isEmoji(codePoints[before]) && Text.isEmoji(codePoints[index + 1]);
  }

  private static boolean isSkinTone(int codePoint) {
    return codePoint >= 0x1F3FB && codePoint <= 0x1F3FF;
  }

  private static int straightened(int codePoint) {
    return switch (codePoint) {
      case '“', '”', '„', '‟', '«', '»', '″' -> '"';
      case '‘', '’', '‚', '‛', '′' -> '\'';
      default -> codePoint;
    };
  }

  private static String unwrapped(String text) {
    String current = text;
    while (current.length() >= 2) {
      char first = current.charAt(0);
      char last = current.charAt(current.length() - 1);
      if ((first != '"' && first != '\'') || last != first) {
        break;
      }
      String inner = current.substring(1, current.length() - 1);
      // A quote inside means the quotes delimit only part of the text.
      if (inner.indexOf(first) >= 0) {
        break;
      }
      current = inner.strip();
    }
    return current;
  }
}
