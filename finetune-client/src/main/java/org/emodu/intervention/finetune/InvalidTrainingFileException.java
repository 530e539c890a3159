package org.emodu.intervention.finetune;

import java.nio.file.Path;
import java.util.List;

/**
 * A file the local {@link TrainingFileCheck} refused, so it was not uploaded. The message lists every
 * problem (at most {@value #SHOWN} of them, then how many more); {@link #problems()} holds them all.
 */
public class InvalidTrainingFileException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;
  static final int SHOWN = 20;

  private final transient Path file;
  private final transient List<String> problems;

  public InvalidTrainingFileException(Path file, List<String> problems) {
    super(message(file, problems));
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  public Path file() {
    return file;
  }

  public List<String> problems() {
    return problems;
  }

  private static String message(Path file, List<String> problems) {
    StringBuilder text = new StringBuilder()
        .append(file.getFileName()).append(" was not uploaded: the local check found ")
        .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
    problems.stream().limit(SHOWN).forEach(problem -> text.append("\n  - ").append(problem));
    if (problems.size() > SHOWN) {
      text.append("\n  ... and ").append(problems.size() - SHOWN).append(" more");
    }
    return text.toString();
  }
}
