package org.emodu.intervention.evaluation.experiment;

import java.util.List;
import java.util.Objects;

/**
 * What one profile produced over an evaluation set, in set order within each repetition.
 *
 * @param profile the profile's name ({@code base}, {@code finetuned}, {@code offline})
 * @param generations every generation, resumed ones included
 * @param resumed how many came from an earlier, interrupted run and were not asked again
 * @param wallMs wall time of the generations asked in this run, in milliseconds
 */
public record ProfileRun(String profile, List<Generation> generations, int resumed, long wallMs) {

  public ProfileRun {
    Objects.requireNonNull(profile, "profile");
    generations = List.copyOf(generations);
  }

  /** The generations that produced an answer. */
  public List<Generation> succeeded() {
    return generations.stream().filter(Generation::succeeded).toList();
  }

  /** How many generations failed; each failure is in the log with its error. */
  public int failed() {
    return generations.size() - succeeded().size();
  }
}
