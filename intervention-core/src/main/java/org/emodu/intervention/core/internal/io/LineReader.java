package org.emodu.intervention.core.internal.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a UTF-8 text file line by line, the way every reader of the toolkit's input files does:
 * a line ends at {@code \n} (a {@code \r} before it is dropped), a UTF-8 byte-order mark at the
 * start is skipped, and each line is checked before it is decoded. A line longer than the limit
 * ({@value #DEFAULT_MAX_LINE_BYTES} bytes, 1 MiB, unless given) is skipped without being held in
 * memory, and a line that is not UTF-8 is named by line and byte; both are reported as a
 * {@link MalformedLineException}, after which reading goes on with the next line, so that a reader
 * can report every bad line at once. Not thread-safe.
 */
public final class LineReader implements Closeable {

  /**
   * The longest line read by default: 1 MiB. An exemplar, a journal entry or a spreadsheet row is
   * at most a few kilobytes; a line a thousand times longer is a wrong or damaged file, and
   * refusing it keeps memory bounded however large the file.
   */
  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

  private final InputStream in;
  private final ByteLines lines;
  private boolean endedWithCarriageReturn;

  /**
   * @param in the stream, read from where it stands and closed by {@link #close()}
   * @param maxLineBytes the longest line read, in bytes, without its line break
   */
  public LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.lines = new ByteLines(in, maxLineBytes);
  }

  /** Opens a file with lines of up to {@value #DEFAULT_MAX_LINE_BYTES} bytes. */
  public static LineReader open(Path file) throws IOException {
    return open(file, DEFAULT_MAX_LINE_BYTES);
  }

  /** Opens a file with lines of up to {@code maxLineBytes} bytes. */
  public static LineReader open(Path file, int maxLineBytes) throws IOException {
    return new LineReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16), maxLineBytes);
  }

  /**
   * Every line of a small file (a prompt, a baseline, a metrics table), lines of up to
   * {@value #DEFAULT_MAX_LINE_BYTES} bytes, without their line breaks.
   *
   * @throws MalformedLineException at the first line that is too long or not UTF-8
   * @throws IOException when the file cannot be read
   */
  public static List<String> readAllLines(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    try (LineReader reader = open(file)) {
      String line;
      while ((line = reader.next()) != null) {
        lines.add(line);
      }
    }
    return lines;
  }

  /**
   * The next line without its line break, or null at the end.
   *
   * @throws MalformedLineException when the line is too long or not UTF-8; it is skipped, and the
   *     next call reads the line after it
   * @throws IOException when the stream cannot be read
   */
  public String next() throws IOException {
    if (!lines.next()) {
      return null;
    }
    endedWithCarriageReturn = lines.endedWithCarriageReturn();
    if (lines.tooLong()) {
      throw MalformedLineException.tooLong(lines.number(), lines.maxLineBytes());
    }
    byte[] bytes = lines.bytes();
    int start = 0;
    int length = lines.length();
    if (lines.number() == 1 && Utf8.startsWithByteOrderMark(bytes, 0, length)) {
      start = 3;
      length -= 3;
    }
    int bad = Utf8.firstMalformed(bytes, start, length);
    if (bad >= 0) {
      throw MalformedLineException.notUtf8(lines.number(), bad, bytes[bad], lines.offset());
    }
    return new String(bytes, start, length, StandardCharsets.UTF_8);
  }

  /** The number of the line last read (or refused), 1 for the first; 0 before the first. */
  public long lineNumber() {
    return lines.number();
  }

  /**
   * The rest of the file as characters, line breaks included as they were ({@code \n} or
   * {@code \r\n}), for parsers that take a {@link Reader} (CSV). Its {@code read} methods throw
   * {@link MalformedLineException} (unchecked) on a line that is too long or not UTF-8.
   */
  public Reader asReader() {
    return new LinesAsReader();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private final class LinesAsReader extends Reader {
    private String current = "";
    private int index;
    private boolean ended;

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      while (index == current.length()) {
        if (ended) {
          return -1;
        }
        String line = next();
        if (line == null) {
          ended = true;
          return -1;
        }
        current = lines.endedWithLineFeed() ? line + (endedWithCarriageReturn ? "\r\n" : "\n") : line;
        index = 0;
      }
      int count = Math.min(length, current.length() - index);
      current.getChars(index, index + count, buffer, offset);
      index += count;
      return count;
    }

    @Override
    public void close() throws IOException {
      LineReader.this.close();
    }
  }
}
