package org.emodu.intervention.evaluation;

import org.emodu.intervention.core.chat.TokenUsage;

/**
 * What a model charges, in US dollars per million tokens: one price for prompt (input) tokens, one
 * for completion (output) tokens, as providers publish them.
 *
 * @param inputPerMillion dollars per million prompt tokens
 * @param outputPerMillion dollars per million completion tokens
 */
public record TokenPrices(double inputPerMillion, double outputPerMillion) {

  public TokenPrices {
    if (!Double.isFinite(inputPerMillion) || inputPerMillion < 0 || !Double.isFinite(outputPerMillion)
        || outputPerMillion < 0) {
      throw new IllegalArgumentException("prices per million tokens must be numbers of at least 0; got input "
          + inputPerMillion + ", output " + outputPerMillion);
    }
  }

  /** The dollars one call cost. */
  public double cost(TokenUsage usage) {
    return (usage.prompt() * inputPerMillion + usage.completion() * outputPerMillion) / 1_000_000;
  }
}
