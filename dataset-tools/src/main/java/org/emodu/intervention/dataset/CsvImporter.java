package org.emodu.intervention.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.InvalidRequestException;
import org.emodu.intervention.core.Reinforcement;
import org.emodu.intervention.core.internal.io.CsvReader;
import org.emodu.intervention.core.internal.io.MalformedLineException;
import org.emodu.intervention.core.internal.io.UntrustedText;

/**
 * Imports a spreadsheet of expert examples saved as CSV into exemplars. The header row names the
 * columns; the usual English and Indonesian names are recognised ({@code emotion}/{@code emosi},
 * {@code reinforcement}/{@code penguatan}, {@code arcs}/{@code strategi}, {@code text}/{@code
 * teks}/{@code kalimat}, optionally {@code id}, {@code source_id}, {@code origin}), and
 * {@link #map} names any other column. The delimiter (comma, semicolon or tab) is detected from the
 * header unless given. Labels parse as everywhere else (English or Indonesian, any case).
 *
 * <p>Rows that cannot be read are reported by row and line number, never silently skipped. Rows
 * without an id get {@code <idPrefix>-<row>}; rows without an origin get {@code expert}.
 * Immutable settings; not thread-safe while being configured.
 */
public final class CsvImporter {

  /** The exemplar fields a column can fill. */
  public static final List<String> FIELDS = List.of("id", "emotion", "reinforcement", "arcs", "text", "source_id", "origin");

  private static final List<String> REQUIRED = List.of("emotion", "reinforcement", "arcs", "text");

  private static final Map<String, List<String>> ALIASES = Map.of(
      "id", List.of("id", "no", "nomor", "number", "kode"),
      "emotion", List.of("emotion", "emosi", "emotions", "perasaan"),
      "reinforcement", List.of("reinforcement", "penguatan", "reinforcement type", "jenis penguatan"),
      "arcs", List.of("arcs", "arcs model", "arcsmodel", "arcs strategy", "strategi", "strategi arcs", "model arcs"),
      "text", List.of("text", "teks", "intervention", "intervensi", "kalimat", "kalimat motivasi", "kalimat intervensi", "response", "respons", "output", "pesan", "message"),
      "source_id", List.of("source id", "sumber"),
      "origin", List.of("origin", "asal"));

  private final Map<String, String> mapping = new LinkedHashMap<>();
  private Character delimiter;
  private String idPrefix = "expert";
  private String origin = "expert";

  /**
   * Reads {@code field} from the column named {@code column} (matched ignoring case, spaces,
   * hyphens and underscores).
   *
   * @throws IllegalArgumentException when the field is not one of {@link #FIELDS}
   */
  public CsvImporter map(String field, String column) {
    String key = field.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    if (!FIELDS.contains(key)) {
      throw new IllegalArgumentException("cannot map the column '" + column + "' to '" + field
          + "'; the fields are " + String.join(", ", FIELDS));
    }
    if (column.isBlank()) {
      throw new IllegalArgumentException("the column for " + key + " is blank");
    }
    mapping.put(key, column);
    return this;
  }

  /** Uses this delimiter instead of detecting it. */
  public CsvImporter delimiter(char delimiter) {
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
      throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
    }
    this.delimiter = delimiter;
    return this;
  }

  /** The prefix of generated ids, {@code expert} by default. */
  public CsvImporter idPrefix(String prefix) {
    if (prefix.isBlank() || !prefix.strip().equals(prefix)) {
      throw new IllegalArgumentException("the id prefix must be a non-blank word, got '" + prefix + "'");
    }
    this.idPrefix = prefix;
    return this;
  }

  /** The origin of rows that name none, {@code expert} by default. */
  public CsvImporter origin(String origin) {
    if (origin.isBlank()) {
      throw new IllegalArgumentException("the origin is blank");
    }
    this.origin = origin.strip();
    return this;
  }

  /**
   * Imports a UTF-8 CSV file, read as {@link CsvReader} reads it: lines of at most 1 MiB, rows of
   * at most {@value CsvReader#MAX_ROW_CHARS} characters, quotes closed where their fields end.
   *
   * @throws MissingColumnsException when the header lacks a required column
   * @throws IllegalArgumentException naming the file and the line when a quote is not closed, a line
   *     or row is too long or the file is not UTF-8; row-level problems are reported in the result instead
   * @throws UncheckedIOException when the file cannot be read
   */
  public CsvImport read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (MalformedLineException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof MalformedLineException) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e.getCause());
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Imports CSV bytes (UTF-8); does not close the stream.
   *
   * @throws MissingColumnsException when the header lacks a required column
   * @throws IllegalArgumentException when the file is empty;
   *     naming the row and line when a quote is not closed or a row is too long; a
   *     {@link MalformedLineException} naming the line when a line is too long or not UTF-8
   */
  public CsvImport read(InputStream in) throws IOException {
    CsvReader reader = new CsvReader(new java.io.FilterInputStream(in) {
      @Override
      public void close() {
        // The caller's stream; the caller closes it.
      }
    }, delimiter);
    CsvReader.Row header = reader.next();
    if (header == null) {
      throw new IllegalArgumentException("the CSV file is empty; it needs a header row naming the columns "
          + String.join(", ", REQUIRED));
    }
    Map<String, Integer> columns = columns(header.fields());
    List<Exemplar> exemplars = new ArrayList<>();
    List<CsvImport.RowProblem> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int headerWidth = header.fields().size();
    long previous = header.number();
    CsvReader.Row record;
    while ((record = readRow(reader, previous)) != null) {
      previous = record.number();
      if (record.isBlank()) {
        continue;
      }
      int row = (int) record.number() - 1;
      try {
        if (record.fields().size() > headerWidth) {
          throw new IllegalArgumentException("the row has " + record.fields().size() + " fields but the header has "
              + headerWidth + "; quote text that holds the delimiter '" + printable(reader.delimiter()) + "'");
        }
        Exemplar exemplar = exemplar(record, columns, row);
        if (!ids.add(exemplar.id())) {
          throw new IllegalArgumentException("the id " + UntrustedText.printable(exemplar.id(), 60) + " appears twice");
        }
        exemplars.add(exemplar);
      } catch (IllegalArgumentException e) {
        problems.add(new CsvImport.RowProblem(row, (int) record.line(), e.getMessage()));
      }
    }
    return new CsvImport(exemplars, problems);
  }

  /** The row after the one numbered {@code previous}; a quote or row problem names the row as well as its line. */
  private static CsvReader.Row readRow(CsvReader reader, long previous) throws IOException {
    try {
      return reader.next();
    } catch (MalformedLineException e) {
      if (e.reason() == MalformedLineException.Reason.NOT_CSV) {
        // Rows are numbered from the first under the header, as in the result's problems.
        throw new IllegalArgumentException("row " + previous + " (line " + e.line() + "): " + e.detail(), e);
      }
      throw e;
    }
  }

  private Map<String, Integer> columns(List<String> header) {
    Map<String, Integer> byKey = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      byKey.putIfAbsent(key(header.get(i)), i);
    }
    Map<String, Integer> columns = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String field : FIELDS) {
      String mapped = mapping.get(field);
      if (mapped != null) {
        Integer index = byKey.get(key(mapped));
        if (index == null) {
          throw new IllegalArgumentException("the column '" + mapped + "' mapped to " + field
              + " is not in the header; the columns are: " + shown(header));
        }
        columns.put(field, index);
        continue;
      }
      Optional<Integer> found = ALIASES.get(field).stream().map(alias -> byKey.get(key(alias)))
          .filter(java.util.Objects::nonNull).findFirst();
      if (found.isPresent()) {
        columns.put(field, found.get());
      } else if (REQUIRED.contains(field)) {
        missing.add(field);
      }
    }
    if (!missing.isEmpty()) {
      throw new MissingColumnsException(missing, shown(header));
    }
    return columns;
  }

  private Exemplar exemplar(CsvReader.Row record, Map<String, Integer> columns, int row) {
    List<String> problems = new ArrayList<>();
    Emotion emotion = label(() -> Emotion.parse(value(record, columns, "emotion")), problems);
    Reinforcement reinforcement = label(() -> Reinforcement.parse(value(record, columns, "reinforcement")), problems);
    ArcsStrategy arcs = label(() -> ArcsStrategy.parse(value(record, columns, "arcs")), problems);
    String text = value(record, columns, "text");
    if (text.isBlank()) {
      problems.add("text is blank");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    String id = value(record, columns, "id").strip();
    String source = value(record, columns, "source_id").strip();
    String rowOrigin = value(record, columns, "origin").strip();
    return new Exemplar(
        id.isEmpty() ? idPrefix + "-" + row : id,
        emotion, reinforcement, arcs, text.strip(),
        source.isEmpty() ? Optional.empty() : Optional.of(source),
        rowOrigin.isEmpty() ? origin : rowOrigin);
  }

  private static <T> T label(java.util.function.Supplier<T> parser, List<String> problems) {
    try {
      return parser.get();
    } catch (InvalidRequestException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  private static String value(CsvReader.Row record, Map<String, Integer> columns, String field) {
    Integer index = columns.get(field);
    if (index == null || index >= record.fields().size()) {
      return "";
    }
    return record.fields().get(index);
  }

  private static String key(String column) {
    return column.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ");
  }

  /** The header's column names for a message: it comes from the file, so it is shortened and escaped. */
  private static String shown(List<String> header) {
    return UntrustedText.printable(String.join(", ", header), 300);
  }

  private static String printable(char delimiter) {
    return delimiter == '\t' ? "\\t" : String.valueOf(delimiter);
  }
}
