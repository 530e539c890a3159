package org.emodu.intervention.core.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Appends lines to a JSON Lines file (the interaction log, a run's call journal): each line is one
 * write to a file opened for appending, so threads never interleave and processes appending to the
 * same file never split each other's lines. Creates the file and its parent directories when absent.
 * Thread-safe; the caller wraps an {@link IOException} in its own words.
 */
public final class LineAppender implements AutoCloseable {

  private final Path file;
  private final FileChannel channel;
  private final boolean force;

  private LineAppender(Path file, FileChannel channel, boolean force) {
    this.file = file;
    this.channel = channel;
    this.force = force;
  }

  /**
   * A file several processes may append to at once (the interaction log): lines reach the operating
   * system when {@link #append} returns, and what is already in the file is never touched.
   */
  public static LineAppender shared(Path file) throws IOException {
    return new LineAppender(file, openForAppending(file), false);
  }

  /**
   * A journal with one writer, read back after a crash: each line is forced to disk before
   * {@link #append} returns, and a last line cut short by a crash is ended first, so that the next
   * line starts on a line of its own (the reader skips the cut one, as {@link LineReader} gives it).
   */
  public static LineAppender journal(Path file) throws IOException {
    boolean cutShort = Files.exists(file) && !endsWithNewline(file);
    FileChannel channel = openForAppending(file);
    try {
      if (cutShort) {
        write(channel, new byte[] {'\n'});
      }
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return new LineAppender(file, channel, true);
  }

  /** The file appended to. */
  public Path file() {
    return file;
  }

  /** Appends {@code line} and a line break, in one write. {@code line} must hold no line break. */
  public void append(String line) throws IOException {
    Objects.requireNonNull(line, "line");
    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("line must hold no line break; it would be read back as two");
    }
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (channel) {
      write(channel, bytes);
      if (force) {
        channel.force(false);
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static FileChannel openForAppending(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  private static void write(FileChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size == 0) {
        return true;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.read(last, size - 1);
      return last.get(0) == '\n';
    }
  }
}
