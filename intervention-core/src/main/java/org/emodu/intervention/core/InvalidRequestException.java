package org.emodu.intervention.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An intervention request that cannot be served as given. Carries every offending field with a
 * message that says what is accepted, so that adapters can answer all problems at once.
 */
public class InvalidRequestException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<FieldProblem> problems;

  public InvalidRequestException(String field, String message) {
    this(List.of(new FieldProblem(field, message)));
  }

  public InvalidRequestException(List<FieldProblem> problems) {
    super(problems.stream().map(FieldProblem::message).collect(Collectors.joining("; ")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid request needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every offending field with its message, in the order the fields were checked. */
  public List<FieldProblem> problems() {
    return problems;
  }

  /** The names of the offending fields. */
  public List<String> fields() {
    return problems.stream().map(FieldProblem::field).collect(Collectors.toList());
  }

  /** One offending field and what is wrong with it. */
  public record FieldProblem(String field, String message) {
    public FieldProblem {
      if (field == null || message == null) {
        throw new IllegalArgumentException("field and message are required");
      }
    }
  }
}
