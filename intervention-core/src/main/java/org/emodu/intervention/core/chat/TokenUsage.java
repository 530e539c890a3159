package org.emodu.intervention.core.chat;

/**
 * Tokens a model call consumed, as the model reported them: prompt, completion and total. The
 * offline generator reports {@link #NONE}.
 */
public record TokenUsage(long prompt, long completion, long total) {

  /** No tokens: what an offline generation costs. */
  public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

  public TokenUsage {
    if (prompt < 0 || completion < 0 || total < 0) {
      throw new IllegalArgumentException(
          "token counts cannot be negative: prompt " + prompt + ", completion " + completion + ", total " + total);
    }
  }

  /** The sum of two usages, for totals over several calls. */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(prompt + other.prompt, completion + other.completion, total + other.total);
  }
}
