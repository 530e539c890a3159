package org.emodu.intervention.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  @Test
  void readsLinesEndedEitherWaySkippingTheByteOrderMark() throws IOException {
    LineReader reader = reader("\uFEFFsatu\r\ndua\n\ntiga");

    assertThat(reader.next()).isEqualTo("satu");
    assertThat(reader.next()).isEqualTo("dua");
    assertThat(reader.next()).isEmpty();
    assertThat(reader.next()).isEqualTo("tiga");
    assertThat(reader.lineNumber()).isEqualTo(4);
    assertThat(reader.next()).isNull();
  }

  @Test
  void aLineLongerThanTheLimitIsRefusedWithoutBeingHeldAndReadingGoesOn() throws IOException {
    // 64 MiB of one line, made as it is read: held whole it would need 64 MiB of heap.
    InputStream huge = new SequenceOf(bytes("pertama\n"), new Repeated((byte) 'a', 64L << 20), bytes("\nterakhir\n"));
    ByteLines lines = new ByteLines(huge, 1 << 10);

    assertThat(lines.next()).isTrue();
    assertThat(lines.next()).isTrue();
    assertThat(lines.tooLong()).isTrue();
    assertThat(lines.length()).isZero();
    assertThat(lines.bytes().length).as("the line buffer").isLessThanOrEqualTo((1 << 10) + 1);
    assertThat(lines.next()).isTrue();
    assertThat(new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8)).isEqualTo("terakhir");
    assertThat(lines.number()).isEqualTo(3);
  }

  @Test
  void aTooLongLineIsNamedWithTheLimit() throws IOException {
    LineReader reader = new LineReader(new ByteArrayInputStream(bytes("ok\n" + "x".repeat(2_000) + "\nok lagi\n")), 1 << 10);

    assertThat(reader.next()).isEqualTo("ok");
    MalformedLineException error = catchThrowableOfType(MalformedLineException.class, reader::next);
    assertThat(error.reason()).isEqualTo(MalformedLineException.Reason.TOO_LONG);
    assertThat(error.line()).isEqualTo(2);
    assertThat(error).hasMessageStartingWith("line 2: the line is longer than 1 KiB, the most one line may hold");
    assertThat(reader.next()).isEqualTo("ok lagi");
  }

  @Test
  void aLineOfExactlyTheLimitIsRead() throws IOException {
    LineReader reader = new LineReader(new ByteArrayInputStream(bytes("y".repeat(1 << 10) + "\r\n")), 1 << 10);

    assertThat(reader.next()).hasSize(1 << 10);
  }

  @Test
  void bytesThatAreNotUtf8AreNamedByLineAndOffsetWithTheFix() throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(bytes("baik\n"));
    file.write(bytes("kafe: caf"));
    file.write(0xE9); // é in Windows-1252
    file.write(bytes(" enak\nbaik lagi\n"));
    LineReader reader = new LineReader(new ByteArrayInputStream(file.toByteArray()), 1 << 10);

    assertThat(reader.next()).isEqualTo("baik");
    MalformedLineException error = catchThrowableOfType(MalformedLineException.class, reader::next);
    assertThat(error.reason()).isEqualTo(MalformedLineException.Reason.NOT_UTF8);
    assertThat(error).hasMessageStartingWith("line 2: not UTF-8: byte 10 of the line (offset 14 in the file) is 0xE9")
        .hasMessageContaining("save it as UTF-8");
    assertThat(reader.next()).isEqualTo("baik lagi");
  }

  @Test
  void asAReaderItKeepsTheLineBreaks() throws IOException {
    try (Reader text = reader("a\r\nb\nc").asReader()) {
      StringBuilder read = new StringBuilder();
      int c;
      while ((c = text.read()) >= 0) {
        read.append((char) c);
      }
      assertThat(read).hasToString("a\r\nb\nc");
    }
  }

  @Property(tries = 300)
  void anyLinesWrittenReadBackUnchanged(@ForAll @Size(max = 20) List<String> written, @ForAll boolean crlf) throws IOException {
    List<String> lines = written.stream().map(line -> line.replace("\n", " ").replace("\r", " ")).toList();
    String text = String.join(crlf ? "\r\n" : "\n", lines) + (lines.isEmpty() ? "" : "\n");
    // An encoded lone surrogate becomes '?'; compare with what the bytes really hold.
    List<String> expected = lines.stream().map(line -> new String(bytes(line), StandardCharsets.UTF_8)).toList();
    LineReader reader = new LineReader(new ByteArrayInputStream(bytes(text)), 1 << 20);

    List<String> read = new ArrayList<>();
    String line;
    while ((line = reader.next()) != null) {
      read.add(line);
    }
    if (!expected.isEmpty() && expected.get(0).startsWith("\uFEFF")) {
      expected = new ArrayList<>(expected);
      expected.set(0, expected.get(0).substring(1));
    }
    assertThat(read).isEqualTo(expected);
  }

  private static LineReader reader(String text) {
    return new LineReader(new ByteArrayInputStream(bytes(text)), LineReader.DEFAULT_MAX_LINE_BYTES);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** One byte, a given number of times, produced as read. */
  private static final class Repeated extends InputStream {
    private final byte value;
    private long left;

    Repeated(byte value, long count) {
      this.value = value;
      this.left = count;
    }

    @Override
    public int read() {
      if (left == 0) {
        return -1;
      }
      left--;
      return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (left == 0) {
        return -1;
      }
      int count = (int) Math.min(length, left);
      java.util.Arrays.fill(buffer, offset, offset + count, value);
      left -= count;
      return count;
    }
  }

  private static final class SequenceOf extends InputStream {
    private final InputStream[] parts;
    private int index;

    SequenceOf(Object... parts) {
      this.parts = java.util.Arrays.stream(parts)
          .map(part -> part instanceof byte[] bytes ? new ByteArrayInputStream(bytes) : (InputStream) part)
          .toArray(InputStream[]::new);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      while (index < parts.length) {
        int count = parts[index].read(buffer, offset, length);
        if (count >= 0) {
          return count;
        }
        index++;
      }
      return -1;
    }
  }
}
