package org.emodu.intervention.dataset;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file read as RFC 4180 describes it: fields separated by a delimiter, optionally quoted,
 * quotes doubled inside quoted fields, quoted fields may span lines. Each record remembers the line
 * it starts on so that problems can be reported where a spreadsheet user will look.
 */
final class CsvTable {

  /** One record: its fields and the file line it starts on (1-based). */
  record Record(List<String> fields, int line) {
    Record {
      fields = List.copyOf(fields);
    }

    boolean isBlank() {
      return fields.stream().allMatch(String::isBlank);
    }
  }

  private CsvTable() {}

  /** The delimiter a header line most likely uses: comma, semicolon (spreadsheets in Indonesian locales) or tab. */
  static char detectDelimiter(String headerLine) {
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
   * Reads every record.
   *
   * @throws IllegalArgumentException when a quoted field is never closed, naming its line
   */
  static List<Record> parse(Reader reader, char delimiter) throws IOException {
    List<Record> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean fieldWasQuoted = false;
    boolean atStart = true;
    int line = 1;
    int recordLine = 1;
    int quoteLine = 0;
    int next = reader.read();
    if (next == '\uFEFF') {
      next = reader.read();
    }
    while (next != -1) {
      char c = (char) next;
      next = reader.read();
      if (quoted) {
        if (c == '"') {
          if (next == '"') {
            field.append('"');
            next = reader.read();
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
        continue;
      }
      if (c == '"' && field.length() == 0 && !fieldWasQuoted) {
        quoted = true;
        fieldWasQuoted = true;
        quoteLine = line;
        atStart = false;
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
        fieldWasQuoted = false;
        atStart = false;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && next == '\n') {
          next = reader.read();
        }
        if (!atStart || field.length() > 0) {
          fields.add(field.toString());
          records.add(new Record(fields, recordLine));
        }
        fields.clear();
        field.setLength(0);
        fieldWasQuoted = false;
        atStart = true;
        line++;
        recordLine = line;
      } else {
        field.append(c);
        atStart = false;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("line " + quoteLine + ": a quoted field is never closed (a \" is missing)");
    }
    if (!atStart || field.length() > 0) {
      fields.add(field.toString());
      records.add(new Record(fields, recordLine));
    }
    return records;
  }
}
