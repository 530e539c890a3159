package org.emodu.intervention.dataset;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
   * Imports a UTF-8 CSV file.
   *
   * @throws IllegalArgumentException when the header lacks a required column or a quote is never
   *     closed; row-level problems are reported in the result instead
   * @throws UncheckedIOException when the file cannot be read
   */
  public CsvImport read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Imports CSV text. */
  public CsvImport read(Reader reader) throws IOException {
    String text = readAll(reader);
    char chosen = delimiter != null ? delimiter : CsvTable.detectDelimiter(firstLine(text));
    List<CsvTable.Record> records = CsvTable.parse(new java.io.StringReader(text), chosen);
    if (records.isEmpty()) {
      throw new IllegalArgumentException("the CSV file is empty; it needs a header row naming the columns "
          + String.join(", ", REQUIRED));
    }
    Map<String, Integer> columns = columns(records.get(0).fields());
    List<Exemplar> exemplars = new ArrayList<>();
    List<CsvImport.RowProblem> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int headerWidth = records.get(0).fields().size();
    for (int index = 1; index < records.size(); index++) {
      CsvTable.Record record = records.get(index);
      if (record.isBlank()) {
        continue;
      }
      int row = index;
      try {
        if (record.fields().size() > headerWidth) {
          throw new IllegalArgumentException("the row has " + record.fields().size() + " fields but the header has "
              + headerWidth + "; quote text that holds the delimiter '" + printable(chosen) + "'");
        }
        Exemplar exemplar = exemplar(record, columns, row);
        if (!ids.add(exemplar.id())) {
          throw new IllegalArgumentException("the id " + exemplar.id() + " appears twice");
        }
        exemplars.add(exemplar);
      } catch (IllegalArgumentException e) {
        problems.add(new CsvImport.RowProblem(row, record.line(), e.getMessage()));
      }
    }
    return new CsvImport(exemplars, problems);
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
              + " is not in the header; the columns are: " + String.join(", ", header));
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
      throw new IllegalArgumentException("the header has no column for " + String.join(", ", missing)
          + "; the columns are: " + String.join(", ", header)
          + "; name them with --map FIELD=COLUMN (for example --map text=\"Kalimat Motivasi\")");
    }
    return columns;
  }

  private Exemplar exemplar(CsvTable.Record record, Map<String, Integer> columns, int row) {
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

  private static String value(CsvTable.Record record, Map<String, Integer> columns, String field) {
    Integer index = columns.get(field);
    if (index == null || index >= record.fields().size()) {
      return "";
    }
    return record.fields().get(index);
  }

  private static String key(String column) {
    return column.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ");
  }

  private static String printable(char delimiter) {
    return delimiter == '\t' ? "\\t" : String.valueOf(delimiter);
  }

  private static String readAll(Reader reader) throws IOException {
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[8192];
    int read;
    while ((read = reader.read(buffer)) != -1) {
      text.append(buffer, 0, read);
    }
    return text.toString();
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
