package org.emodu.intervention.core.internal.io;

import java.util.Locale;

/**
 * A line of an input file that cannot be read: longer than the reader allows, not UTF-8, not the
 * JSON it should be, or where a CSV row goes wrong. The message is {@code line N: what is wrong and
 * what to do} ({@code line N, column C: ...} where the column is known); it never echoes the line.
 */
public final class MalformedLineException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** What is wrong with the line. */
  public enum Reason {
    /** Longer than the reader's limit. */
    TOO_LONG,
    /** Holds bytes that are not UTF-8. */
    NOT_UTF8,
    /** Not one well-formed JSON value. */
    NOT_JSON,
    /** A CSV row that starts on this line has a quote that is not closed, or is longer than the limit. */
    NOT_CSV
  }

  private final long line;
  private final int column;
  private final Reason reason;
  private final String detail;

  MalformedLineException(long line, int column, Reason reason, String detail) {
    super("line " + line + (column > 0 ? ", column " + column : "") + ": " + detail);
    this.line = line;
    this.column = column;
    this.reason = reason;
    this.detail = detail;
  }

  MalformedLineException(long line, Reason reason, String detail) {
    this(line, 0, reason, detail);
  }

  /** The line's number, 1 for the first. */
  public long line() {
    return line;
  }

  /** The column (in characters, 1 for the first) where the problem is, or 0 when not known. */
  public int column() {
    return column;
  }

  public Reason reason() {
    return reason;
  }

  /** What is wrong and what to do, without the line's number. */
  public String detail() {
    return detail;
  }

  static MalformedLineException tooLong(long line, int maxLineBytes) {
    return new MalformedLineException(line, Reason.TOO_LONG, "the line is longer than " + size(maxLineBytes)
        + ", the most one line may hold, and was not read; no entry of such a file comes close (is it the file you meant?)");
  }

  /**
   * @param index where the bad byte is within the line, from 0
   * @param lineOffset where the line starts in the file, from 0
   */
  static MalformedLineException notUtf8(long line, int index, byte bad, long lineOffset) {
    return new MalformedLineException(line, Reason.NOT_UTF8, notUtf8Detail(index, bad, lineOffset));
  }

  /**
   * What to say of a line that is not UTF-8, for readers that report it in their own way.
   *
   * @param index where the bad byte is within the line, from 0
   * @param lineOffset where the line starts in the file, from 0
   */
  public static String notUtf8Detail(int index, byte bad, long lineOffset) {
    return "not UTF-8: byte " + (index + 1) + " of the line (offset " + (lineOffset + index) + " in the file) is "
        + String.format(Locale.ROOT, "0x%02X", bad & 0xFF) + ", which does not begin or continue a UTF-8 character;"
        + " the file was saved in another encoding (such as Windows-1252 or Latin-1): save it as UTF-8 (in a"
        + " spreadsheet, Save As \"CSV UTF-8\"), or convert it (iconv -f WINDOWS-1252 -t UTF-8 FILE)";
  }

  /** A size for messages: {@code 1 MiB}, {@code 64 KiB} or {@code 100 bytes}. */
  public static String size(long bytes) {
    if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " bytes";
  }
}
