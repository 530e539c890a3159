package org.emodu.intervention.evaluation;

import java.util.Objects;

/**
 * The score of one candidate: which candidate, the reference it matched best by F1 (the only one when
 * it had one) and its score: against that reference, or with several references under
 * {@link BertScorer.MultiReference#MAXIMUM_OF_EACH} (the default) each metric's maximum over them.
 *
 * @param index the candidate's position in the input, counted from 0
 * @param candidate the candidate sentence, stripped of surrounding white space
 * @param reference the reference sentence with the best F1, stripped likewise
 * @param referenceIndex that reference's position among the candidate's references, from 0
 * @param score the score, rescaled when the scorer has a {@link Baseline}
 */
public record PairScore(int index, String candidate, String reference, int referenceIndex, BertScore score) {

  public PairScore {
    if (index < 0 || referenceIndex < 0) {
      throw new IllegalArgumentException(
          "indexes cannot be negative: index " + index + ", referenceIndex " + referenceIndex);
    }
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(score, "score");
  }
}
