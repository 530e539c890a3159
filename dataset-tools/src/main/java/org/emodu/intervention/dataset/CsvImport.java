package org.emodu.intervention.dataset;

import java.util.List;
import org.emodu.intervention.core.Exemplar;

/**
 * What a CSV import produced: the exemplars of every row that could be read and, for every row
 * that could not, its number and why.
 *
 * @param exemplars the rows read, in file order
 * @param problems the rows not read, in file order
 */
public record CsvImport(List<Exemplar> exemplars, List<RowProblem> problems) {

  public CsvImport {
    exemplars = List.copyOf(exemplars);
    problems = List.copyOf(problems);
  }

  /** Whether every row was read. */
  public boolean complete() {
    return problems.isEmpty();
  }

  /**
   * A row that could not be read.
   *
   * @param row the data row's number, 1 for the first row under the header
   * @param line the file line the row starts on, as an editor shows it
   * @param message what is wrong and what is accepted
   */
  public record RowProblem(int row, int line, String message) {
    public RowProblem {
      if (message == null || message.isBlank()) {
        throw new IllegalArgumentException("a row problem needs a message");
      }
    }

    @Override
    public String toString() {
      return "row " + row + " (line " + line + "): " + message;
    }
  }
}
