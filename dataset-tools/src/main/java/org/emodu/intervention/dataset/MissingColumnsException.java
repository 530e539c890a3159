package org.emodu.intervention.dataset;

import java.util.List;

/**
 * A CSV header has no column for fields an exemplar needs, under any name {@link CsvImporter}
 * recognises. The message names the missing fields and the header's columns, and says to map them
 * with {@link CsvImporter#map(String, String)}; {@link #problem()} is the same without that advice,
 * so an adapter can give its own (a command line's option for it, say).
 */
public class MissingColumnsException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final List<String> missing;
  private final String problem;

  /**
   * @param missing the fields without a column
   * @param columns the header's columns, as they may be shown
   */
  MissingColumnsException(List<String> missing, String columns) {
    super(problem(missing, columns) + "; map them with map(FIELD, COLUMN) (for example map(\"text\", \"Kalimat Motivasi\"))");
    this.missing = List.copyOf(missing);
    this.problem = problem(missing, columns);
  }

  private static String problem(List<String> missing, String columns) {
    return "the header has no column for " + String.join(", ", missing) + "; the columns are: " + columns;
  }

  /** The fields without a column, in {@link CsvImporter#FIELDS} order. */
  public List<String> missing() {
    return missing;
  }

  /** What is missing and which columns there are, without the advice on mapping them. */
  public String problem() {
    return problem;
  }
}
