package org.emodu.intervention.dataset;

import java.util.Objects;

/**
 * Token and size statistics of a chat fine-tuning file, with the training cost estimate the OpenAI
 * cookbook makes. Tokens are counted with {@code cl100k_base}
 * ({@link org.emodu.intervention.core.chat.ChatTokenCounter}), each message framed as the chat format
 * frames it. Covers every line that holds a JSON object with a {@code messages} list, even one with
 * other errors; contents that are not text count no tokens.
 *
 * @param examples examples counted
 * @param messagesPerExample messages in each example
 * @param tokensPerExample tokens of each whole example, framing included
 * @param assistantTokensPerExample tokens of each example's assistant contents: what the model learns to write
 * @param totalTokens tokens of all examples
 * @param examplesWithoutSystem examples with no system message
 * @param examplesWithoutUser examples with no user message
 * @param examplesOverContext examples longer than the context limit (they are cut when training)
 * @param contextLimit the model's context, in tokens
 * @param billedTokensPerEpoch tokens a training epoch is billed for: each example counted up to the context limit
 */
public record FileStatistics(
    long examples,
    Distribution messagesPerExample,
    Distribution tokensPerExample,
    Distribution assistantTokensPerExample,
    long totalTokens,
    long examplesWithoutSystem,
    long examplesWithoutUser,
    long examplesOverContext,
    int contextLimit,
    long billedTokensPerEpoch) {

  /** The epochs OpenAI aims for when none are given. */
  public static final int TARGET_EPOCHS = 3;
  static final int MIN_TARGET_EXAMPLES = 100;
  static final int MAX_TARGET_EXAMPLES = 25_000;
  static final int MIN_DEFAULT_EPOCHS = 1;
  static final int MAX_DEFAULT_EPOCHS = 25;

  public FileStatistics {
    Objects.requireNonNull(messagesPerExample, "messagesPerExample");
    Objects.requireNonNull(tokensPerExample, "tokensPerExample");
    Objects.requireNonNull(assistantTokensPerExample, "assistantTokensPerExample");
  }

  /**
   * The epochs a fine-tuning job runs by default for this many examples, as the OpenAI cookbook
   * estimates it: 3, raised for small files so that about 100 examples are seen, lowered for large
   * ones so that about 25,000 are, within 1 to 25.
   */
  public int defaultEpochs() {
    if (examples == 0) {
      return TARGET_EPOCHS;
    }
    if (examples * TARGET_EPOCHS < MIN_TARGET_EXAMPLES) {
      return (int) Math.min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES / examples);
    }
    if (examples * TARGET_EPOCHS > MAX_TARGET_EXAMPLES) {
      return (int) Math.max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES / examples);
    }
    return TARGET_EPOCHS;
  }

  /** Training tokens billed for a job of {@code epochs} epochs. */
  public long billedTokens(int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    return billedTokensPerEpoch * epochs;
  }

  /** The estimated training cost for {@code epochs} epochs at a price per million training tokens. */
  public double cost(int epochs, double pricePerMillionTokens) {
    if (!(pricePerMillionTokens >= 0) || Double.isInfinite(pricePerMillionTokens)) {
      throw new IllegalArgumentException("the price per million tokens must be a number of at least 0, got " + pricePerMillionTokens);
    }
    return billedTokens(epochs) * pricePerMillionTokens / 1_000_000.0;
  }
}
