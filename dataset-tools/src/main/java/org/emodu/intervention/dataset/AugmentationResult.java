package org.emodu.intervention.dataset;

import java.util.List;
import java.util.Map;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.chat.TokenUsage;

/**
 * What an augmentation run produced.
 *
 * @param exemplars the input exemplars, each followed by the variants made from it
 * @param addedByMethod variants kept, per method name
 * @param droppedByReason variants made but dropped, per reason ({@code empty},
 *     {@code over-word-limit}, {@code identical-to-source}, {@code duplicate-variant},
 *     {@code id-taken}, or a {@link VariantGate} reason)
 * @param droppedVariants every variant made but dropped, with its id, reason, detail and text
 * @param usage the tokens this run's model calls spent
 * @param modelCalls the model calls this run made and paid for
 * @param resumedCalls the model calls answered from the journal of an earlier run, at no cost
 */
public record AugmentationResult(
    List<Exemplar> exemplars,
    Map<String, Integer> addedByMethod,
    Map<String, Integer> droppedByReason,
    List<CleaningResult.Dropped> droppedVariants,
    TokenUsage usage,
    int modelCalls,
    int resumedCalls) {

  public AugmentationResult {
    exemplars = List.copyOf(exemplars);
    addedByMethod = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(addedByMethod));
    droppedByReason = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(droppedByReason));
    droppedVariants = List.copyOf(droppedVariants);
    java.util.Objects.requireNonNull(usage, "usage");
  }

  /** Variants kept, all methods together. */
  public int added() {
    return addedByMethod.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Variants dropped, all reasons together. */
  public int dropped() {
    return droppedByReason.values().stream().mapToInt(Integer::intValue).sum();
  }
}
