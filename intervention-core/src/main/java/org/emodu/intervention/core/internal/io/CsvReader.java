package org.emodu.intervention.core.internal.io;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file as RFC 4180 describes it, strictly, on Apache Commons CSV: fields separated by a
 * delimiter (given, or detected from the first line: comma, semicolon or tab), optionally quoted,
 * quotes doubled inside quoted fields, quoted fields may span lines. Lines are read through a
 * {@link LineReader} (UTF-8 checked, a byte-order mark skipped, each line at most
 * {@link LineReader#DEFAULT_MAX_LINE_BYTES} bytes), and a row, every line of its quoted fields
 * included, may hold at most {@value #MAX_ROW_CHARS} characters.
 *
 * <p>A quote that is not closed where its field should end (a closing quote missing, or a quote
 * inside a quoted field not doubled) is an error naming the line the row starts on, never a row
 * that silently swallows the ones after it. Each row remembers the line it starts on, so that
 * problems can be reported where a spreadsheet user will look. Not thread-safe.
 */
public final class CsvReader implements Closeable {

  /**
   * The most characters one row may hold: as much as one line may. A row grows past it only when a
   * quote is not closed and the rows after it are being taken into one field.
   */
  public static final int MAX_ROW_CHARS = LineReader.DEFAULT_MAX_LINE_BYTES;

  /** One row: its fields, its number (1 for the first, the header included) and the line it starts on. */
  public record Row(List<String> fields, long number, long line) {
    public Row {
      fields = List.copyOf(fields);
    }

    /** Whether every field is blank (an empty line reads as one empty field). */
    public boolean isBlank() {
      return fields.stream().allMatch(String::isBlank);
    }
  }

  private final RowBound bound;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final char delimiter;

  /**
   * @param in the file's bytes; closed by {@link #close()}
   * @param delimiter the delimiter, or null to detect it from the first line
   * @throws MalformedLineException when the first line is too long or not UTF-8
   * @throws IllegalArgumentException when the delimiter is a quote or a line break
   */
  public CsvReader(InputStream in, Character delimiter) throws IOException {
    if (delimiter != null && (delimiter == '"' || delimiter == '\n' || delimiter == '\r')) {
      throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
    }
    LineReader lines = new LineReader(in, LineReader.DEFAULT_MAX_LINE_BYTES);
    BufferedReader text = new BufferedReader(lines.asReader(), 1 << 16);
    if (delimiter == null) {
      text.mark(LineReader.DEFAULT_MAX_LINE_BYTES + 2);
      String first = text.readLine();
      text.reset();
      this.delimiter = detectDelimiter(first == null ? "" : first);
    } else {
      this.delimiter = delimiter;
    }
    this.bound = new RowBound(text);
    CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(this.delimiter).get();
    this.parser = CSVParser.builder().setReader(bound).setFormat(format).get();
    this.records = parser.iterator();
  }

  /** Opens a file; see {@link #CsvReader(InputStream, Character)}. */
  public static CsvReader open(Path file, Character delimiter) throws IOException {
    return new CsvReader(java.nio.file.Files.newInputStream(file), delimiter);
  }

  /** The delimiter in use, given or detected. */
  public char delimiter() {
    return delimiter;
  }

  /**
   * The next row, or null at the end.
   *
   * @throws MalformedLineException ({@link MalformedLineException.Reason#NOT_CSV}) when a quote is
   *     not closed or a row is too long, naming the line the row starts on; (other reasons) when a
   *     line is too long or not UTF-8. Reading cannot go on after either.
   * @throws IOException when the file cannot be read
   */
  public Row next() throws IOException {
    long startLine = parser.getCurrentLineNumber() + 1;
    bound.startRow(startLine);
    try {
      if (!records.hasNext()) {
        return null;
      }
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof CSVException) {
        throw new MalformedLineException(startLine, MalformedLineException.Reason.NOT_CSV,
            "a quoted field in the row that starts on this line is not closed where it should be: its closing \" is"
                + " missing, or a \" inside it is not doubled (write it as \"\"); unclosed, it would take in the rows"
                + " after it");
      }
      throw e.getCause();
    }
    CSVRecord record = records.next();
    return new Row(record.toList(), record.getRecordNumber(), startLine);
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  /**
   * The delimiter a header line most likely uses: comma, semicolon (spreadsheets in Indonesian and
   * other locales with a decimal comma) or tab, whichever occurs most outside quotes.
   */
  public static char detectDelimiter(String headerLine) {
    char best = ',';
    int bestCount = -1;
    for (char candidate : new char[] {',', ';', '\t'}) {
      int count = 0;
      boolean quoted = false;
      for (int i = 0; i < headerLine.length(); i++) {
        char c = headerLine.charAt(i);
        if (c == '"') {
          quoted = !quoted;
        } else if (!quoted && c == candidate) {
          count++;
        }
      }
      if (count > bestCount) {
        best = candidate;
        bestCount = count;
      }
    }
    return best;
  }

  /**
   * Counts what the parser reads and refuses a row grown past {@link #MAX_ROW_CHARS}. The parser
   * reads ahead by its buffer, so a row is measured from a little after its start; memory stays
   * bounded by the limit and that buffer.
   */
  private static final class RowBound extends FilterReader {
    private long read;
    private long rowStart;
    private long rowLine;

    RowBound(Reader in) {
      super(in);
    }

    void startRow(long line) {
      rowStart = read;
      rowLine = line;
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        count(1);
      }
      return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      int count = super.read(buffer, offset, length);
      if (count > 0) {
        count(count);
      }
      return count;
    }

    private void count(int chars) {
      read += chars;
      if (read - rowStart > MAX_ROW_CHARS) {
        throw new MalformedLineException(rowLine, MalformedLineException.Reason.NOT_CSV,
            "the row that starts on this line is longer than " + String.format(java.util.Locale.ROOT, "%,d", MAX_ROW_CHARS)
                + " characters, the most one row may hold; a quoted field in it is probably not closed (a \" is missing)");
      }
    }
  }
}
