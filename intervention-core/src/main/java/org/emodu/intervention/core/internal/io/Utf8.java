package org.emodu.intervention.core.internal.io;

/**
 * The one rule for what counts as UTF-8, the strict one of the Unicode standard (and of Java's
 * decoder set to report errors): no stray continuation bytes, no overlong forms, no encoded
 * surrogates, nothing above U+10FFFF, no sequence cut short.
 */
public final class Utf8 {

  /** The UTF-8 byte-order mark a spreadsheet may put in front of a file. */
  static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private Utf8() {}

  /** Whether the bytes are well-formed UTF-8. */
  public static boolean isValid(byte[] bytes, int start, int length) {
    return firstMalformed(bytes, start, length) < 0;
  }

  /**
   * Where the first byte that is not part of a well-formed UTF-8 character is, as an index into
   * {@code bytes}; -1 when every byte is.
   */
  public static int firstMalformed(byte[] bytes, int start, int length) {
    int i = start;
    int end = start + length;
    while (i < end) {
      int b = bytes[i] & 0xFF;
      if (b < 0x80) {
        i++;
        continue;
      }
      int needed;
      int minimum;
      int codePoint;
      if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
        minimum = 0x80;
        codePoint = b & 0x1F;
      } else if (b >= 0xE0 && b <= 0xEF) {
        needed = 2;
        minimum = 0x800;
        codePoint = b & 0x0F;
      } else if (b >= 0xF0 && b <= 0xF4) {
        needed = 3;
        minimum = 0x10000;
        codePoint = b & 0x07;
      } else {
        return i;
      }
      if (i + needed >= end) {
        return i;
      }
      for (int k = 1; k <= needed; k++) {
        int next = bytes[i + k] & 0xFF;
        if ((next & 0xC0) != 0x80) {
          return i;
        }
        codePoint = (codePoint << 6) | (next & 0x3F);
      }
      if (codePoint < minimum || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
        return i;
      }
      i += needed + 1;
    }
    return -1;
  }

  /** Whether the bytes from {@code start} begin with the UTF-8 byte-order mark. */
  static boolean startsWithByteOrderMark(byte[] bytes, int start, int length) {
    return length >= 3 && bytes[start] == BYTE_ORDER_MARK[0] && bytes[start + 1] == BYTE_ORDER_MARK[1]
        && bytes[start + 2] == BYTE_ORDER_MARK[2];
  }
}
