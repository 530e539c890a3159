package org.emodu.intervention.dataset;

/**
 * How close a variant stays to its source in meaning, from 0 (nothing shared) to 1 (the same). The
 * variant gate drops a variant whose similarity falls below its threshold. {@link ChrfSimilarity}
 * is the model-free default; any other measure plugs in here, such as BERTScore F1 on the
 * evaluation module's encoder ({@code (source, variant) -> scorer.score(List.of(variant),
 * List.of(source)).mean().f1()}), without this module depending on it. Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface TextSimilarity {

  /** The similarity of a variant to its source, from 0 to 1. */
  double similarity(String source, String variant);
}
