package org.emodu.intervention.core.tools;

import java.util.Objects;

/**
 * An argument a parameter does not accept. The message names the parameter as the library calls it
 * ({@code perItem must be from 1 to 100, got 0}); {@link #parameter()} and {@link #problem()} give its
 * two parts, so an adapter can name the parameter in its own words (a command line says
 * {@code --per-item}) without parsing the message.
 */
public class IllegalParameterException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String parameter;
  private final String problem;

  /**
   * @param parameter the parameter's name in the library: a builder method, a constructor or method
   *     parameter ({@code perItem}, {@code testFraction})
   * @param problem what is wrong with the value, read after the name ({@code must be at least 1, got 0})
   */
  public IllegalParameterException(String parameter, String problem) {
    super(Objects.requireNonNull(parameter, "parameter") + " " + Objects.requireNonNull(problem, "problem"));
    this.parameter = parameter;
    this.problem = problem;
  }

  /** The parameter's name in the library, such as {@code perItem}. */
  public String parameter() {
    return parameter;
  }

  /** What is wrong with the value, without the parameter's name: {@code must be at least 1, got 0}. */
  public String problem() {
    return problem;
  }
}
