package org.emodu.intervention.evaluation.experiment;

import java.util.Objects;
import org.emodu.intervention.core.log.InteractionRecord;

/**
 * One generation of an experiment: the item, which repetition, and the logged outcome (an answer,
 * or the error that stopped it).
 */
public record Generation(EvaluationItem item, int repetition, InteractionRecord record) {

  public Generation {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(record, "record");
    if (repetition < 1) {
      throw new IllegalArgumentException("repetitions count from 1, got " + repetition);
    }
  }

  public boolean succeeded() {
    return record.succeeded();
  }
}
