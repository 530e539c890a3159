package org.emodu.intervention.evaluation;

/**
 * Hears how far a {@link BertScorer} has come, in sentences embedded out of the total it will
 * embed. Called from the scoring thread after every batch; a listener must be quick.
 */
@FunctionalInterface
public interface ScoringProgress {

  /** A listener that ignores progress. */
  ScoringProgress NONE = (done, total) -> {};

  /** Reports that {@code done} of {@code total} sentences are embedded. */
  void advanced(long done, long total);
}
