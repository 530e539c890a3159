package org.emodu.intervention.core;

import java.util.List;

/** An exemplar corpus that cannot be read, with every bad line named. */
public class CorpusFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  public CorpusFormatException(String corpus, List<String> problems) {
    super("the exemplar corpus " + corpus + " has " + problems.size() + " problem(s): "
        + String.join("; ", problems.subList(0, Math.min(problems.size(), 20)))
        + (problems.size() > 20 ? "; …" : ""));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, {@code line N: what is wrong}. */
  public List<String> problems() {
    return problems;
  }
}
