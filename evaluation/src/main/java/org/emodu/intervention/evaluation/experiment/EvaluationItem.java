package org.emodu.intervention.evaluation.experiment;

import java.util.Objects;
import org.emodu.intervention.core.InterventionRequest;

/**
 * One request of an evaluation set with the reference text a good answer resembles.
 *
 * @param id a stable identifier within the set: the record's {@code id}, or its line number
 * @param request the request to generate for
 * @param reference the text the generated answer is scored against
 */
public record EvaluationItem(String id, InterventionRequest request, String reference) {

  public EvaluationItem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(reference, "reference");
    if (id.isBlank()) {
      throw new IllegalArgumentException("an evaluation item needs an id");
    }
    if (reference.isBlank()) {
      throw new IllegalArgumentException("evaluation item " + id + " has a blank reference");
    }
  }
}
