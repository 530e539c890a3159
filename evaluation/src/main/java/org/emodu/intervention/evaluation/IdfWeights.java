package org.emodu.intervention.evaluation;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Token weights for BERTScore. Uniform weights count every token once; idf weights follow the
 * reference implementation: over {@code M} reference sentences (repeats included), a token found in
 * {@code df} of them weighs {@code ln((M + 1) / (df + 1))}, and a token in none weighs
 * {@code ln(M + 1)}. Special tokens are not counted and never asked about: the scorer weighs them 0
 * itself, as the reference implementation's idf does (every reference holds them, so
 * {@code ln((M + 1) / (M + 1)) = 0}).
 */
final class IdfWeights {

  private static final IdfWeights UNIFORM = new IdfWeights(Map.of(), 1.0);

  private final Map<Long, Double> weights;
  private final double unseen;

  private IdfWeights(Map<Long, Double> weights, double unseen) {
    this.weights = weights;
    this.unseen = unseen;
  }

  static IdfWeights uniform() {
    return UNIFORM;
  }

  /** Idf weights from the references; each sentence counts a token at most once. */
  static IdfWeights fromReferences(Collection<TokenizedSentence> references) {
    Map<Long, Integer> documentFrequency = new HashMap<>();
    for (TokenizedSentence reference : references) {
      Set<Long> seen = new HashSet<>();
      for (int token = 0; token < reference.length(); token++) {
        if (!reference.special()[token] && seen.add(reference.ids()[token])) {
          documentFrequency.merge(reference.ids()[token], 1, Integer::sum);
        }
      }
    }
    double documents = references.size();
    Map<Long, Double> weights = new HashMap<>();
    documentFrequency.forEach((id, count) -> weights.put(id, Math.log((documents + 1) / (count + 1))));
    return new IdfWeights(weights, Math.log(documents + 1));
  }

  double weight(long tokenId) {
    return weights.getOrDefault(tokenId, unseen);
  }
}
