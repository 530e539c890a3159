package org.emodu.intervention.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a stream line by line as bytes, so that a line with bytes that are not UTF-8 can be
 * reported by number instead of failing the whole read, and so that memory stays bounded: a line
 * longer than the limit is skipped to its end and reported, never held.
 */
final class ByteLines {

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[1 << 16];
  private int chunkStart;
  private int chunkEnd;
  private byte[] line = new byte[1 << 12];
  private int lineLength;
  private boolean tooLong;
  private boolean endOfStream;

  ByteLines(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** Reads the next line, without its line break; false at the end of the stream. */
  boolean next() throws IOException {
    lineLength = 0;
    tooLong = false;
    boolean any = false;
    while (true) {
      if (chunkStart == chunkEnd) {
        if (endOfStream) {
          return any;
        }
        int read = in.read(chunk);
        if (read < 0) {
          endOfStream = true;
          return any;
        }
        chunkStart = 0;
        chunkEnd = read;
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
      chunkStart = newline < 0 ? chunkEnd : newline + 1;
      if (newline >= 0) {
        if (!tooLong && lineLength > 0 && line[lineLength - 1] == '\r') {
          lineLength--;
        }
        return true;
      }
    }
  }

  private void append(int from, int to) {
    int count = to - from;
    if (tooLong || count == 0) {
      return;
    }
    if (lineLength + count > maxLineBytes) {
      tooLong = true;
      lineLength = 0;
      return;
    }
    if (lineLength + count > line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, lineLength + count)));
    }
    System.arraycopy(chunk, from, line, lineLength, count);
    lineLength += count;
  }

  byte[] bytes() {
    return line;
  }

  int length() {
    return lineLength;
  }

  /** Whether the current line was longer than the limit and so was not kept. */
  boolean tooLong() {
    return tooLong;
  }
}
