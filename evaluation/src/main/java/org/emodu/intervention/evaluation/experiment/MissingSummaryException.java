package org.emodu.intervention.evaluation.experiment;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A directory holds no experiment summary ({@value ExperimentSummary#FILE}) to read: no experiment has
 * finished there yet. The message says to run one into it; {@link #problem()} is the same without
 * that advice, so an adapter can say how its users run one.
 */
public class MissingSummaryException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient Path directory;

  public MissingSummaryException(Path directory) {
    super(problem(directory) + "; run an experiment into it first (Experiment.builder(directory))");
    this.directory = directory;
  }

  /** The directory without a summary. */
  public Path directory() {
    return directory;
  }

  /** That the directory holds no summary, without the advice on making one. */
  public String problem() {
    return problem(directory);
  }

  private static String problem(Path directory) {
    return Objects.requireNonNull(directory, "directory") + " holds no " + ExperimentSummary.FILE;
  }
}
