package org.emodu.intervention.core;

import java.util.List;

/** An exemplar corpus that cannot be read, with every bad line named. */
public class CorpusFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  public CorpusFormatException(String corpus, List<String> problems) {
    this(corpus, problems, problems.size());
  }

  /**
   * @param problems the problems kept, the first of them
   * @param total how many problems there were in all
   */
  public CorpusFormatException(String corpus, List<String> problems, long total) {
    super("the exemplar corpus " + corpus + " has " + total + " problem(s): "
        + String.join("; ", problems.subList(0, Math.min(problems.size(), 20)))
        + (total > 20 ? "; …" : ""));
    this.problems = List.copyOf(problems);
  }

  /** Each problem kept (the first 1,000 at most), {@code line N: what is wrong}. */
  public List<String> problems() {
    return problems;
  }
}
