package org.emodu.intervention.core.internal.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a stream line by line as bytes. A line ends at {@code \n}; a {@code \r} just before it is
 * not part of the line. Memory stays bounded whatever the input: a line longer than the limit is
 * skipped to its end and reported by {@link #tooLong()}, never held. Bytes are not decoded here, so
 * that a line that is not UTF-8 can be reported by number (see {@link Utf8}) rather than failing the
 * whole read. Not thread-safe.
 */
public final class ByteLines {

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[1 << 16];
  private int chunkStart;
  private int chunkEnd;
  private byte[] line;
  private int lineLength;
  private boolean tooLong;
  private boolean carriageReturn;
  private boolean lineFeed;
  private boolean endOfStream;
  private long number;
  private long offset;
  private long position;

  /**
   * @param in the stream, read from where it stands; not closed here
   * @param maxLineBytes the longest line kept, in bytes, its line break not counted
   */
  public ByteLines(InputStream in, int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be at least 1, got " + maxLineBytes);
    }
    this.in = in;
    this.maxLineBytes = maxLineBytes;
    this.line = new byte[Math.min(1 << 12, maxLineBytes + 1)];
  }

  /** Reads the next line; false at the end of the stream. */
  public boolean next() throws IOException {
    lineLength = 0;
    tooLong = false;
    carriageReturn = false;
    lineFeed = false;
    offset = position;
    boolean any = false;
    while (true) {
      if (chunkStart == chunkEnd && !fill()) {
        if (any) {
          number++;
          finishLine();
        }
        return any;
      }
      any = true;
      int newline = -1;
      for (int i = chunkStart; i < chunkEnd; i++) {
        if (chunk[i] == '\n') {
          newline = i;
          break;
        }
      }
      int end = newline < 0 ? chunkEnd : newline;
      append(chunkStart, end);
      int consumed = (newline < 0 ? chunkEnd : newline + 1) - chunkStart;
      position += consumed;
      chunkStart += consumed;
      if (newline >= 0) {
        number++;
        lineFeed = true;
        finishLine();
        return true;
      }
    }
  }

  private boolean fill() throws IOException {
    if (endOfStream) {
      return false;
    }
    int read = in.read(chunk);
    if (read < 0) {
      endOfStream = true;
      return false;
    }
    chunkStart = 0;
    chunkEnd = read;
    return true;
  }

  private void finishLine() {
    if (!tooLong && lineLength > 0 && line[lineLength - 1] == '\r') {
      lineLength--;
      carriageReturn = true;
    }
    if (lineLength > maxLineBytes) {
      tooLong = true;
      lineLength = 0;
    }
  }

  private void append(int from, int to) {
    int count = to - from;
    if (tooLong || count == 0) {
      return;
    }
    // One byte more than the limit is kept, so that a line of exactly maxLineBytes followed by the
    // \r of a \r\n still fits.
    if ((long) lineLength + count > (long) maxLineBytes + 1) {
      tooLong = true;
      lineLength = 0;
      return;
    }
    if (lineLength + count > line.length) {
      line = Arrays.copyOf(line, (int) Math.min((long) maxLineBytes + 1, Math.max((long) line.length * 2, lineLength + count)));
    }
    System.arraycopy(chunk, from, line, lineLength, count);
    lineLength += count;
  }

  /** The current line's bytes, from 0 to {@link #length()}; overwritten by the next call to {@link #next()}. */
  public byte[] bytes() {
    return line;
  }

  /** The current line's length in bytes, without its line break; 0 when it was too long. */
  public int length() {
    return lineLength;
  }

  /** Whether the current line was longer than the limit and so was not kept. */
  public boolean tooLong() {
    return tooLong;
  }

  /** The longest line kept, in bytes. */
  public int maxLineBytes() {
    return maxLineBytes;
  }

  /** The current line's number, 1 for the first. */
  public long number() {
    return number;
  }

  /** The offset in the stream of the current line's first byte, 0 for the first line. */
  public long offset() {
    return offset;
  }

  /** Whether the current line ended with {@code \r\n} rather than {@code \n}. */
  public boolean endedWithCarriageReturn() {
    return carriageReturn;
  }

  /** Whether the current line ended with a line break; false only for a last line without one. */
  public boolean endedWithLineFeed() {
    return lineFeed;
  }
}
