package org.emodu.intervention.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.emodu.intervention.core.chat.TokenUsage;

/**
 * One generated intervention and how it came to be.
 *
 * @param text the sentence to show the student, after the
 *     {@link org.emodu.intervention.core.generation.OutputPolicy output policy} has checked it
 * @param generator which generator produced it: {@code base}, {@code finetuned}, {@code offline}
 * @param model the model or corpus behind the generator
 * @param usage the tokens the model call consumed ({@link TokenUsage#NONE} offline)
 * @param latencyMs wall time from request to answer, in milliseconds
 * @param requestId an identifier for this generation, unique within a process
 * @param fallback whether a fallback served the answer because the primary failed or was late
 * @param fallbackReason why the fallback served it; empty when {@code fallback} is false
 * @param repairs what the output policy changed in the model's raw text
 * @param violations the output policy's rules the text still breaks; empty when compliant
 */
public record Intervention(
    String text,
    String generator,
    String model,
    TokenUsage usage,
    long latencyMs,
    String requestId,
    boolean fallback,
    Optional<String> fallbackReason,
    List<String> repairs,
    List<String> violations) {

  public Intervention {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(generator, "generator");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(fallbackReason, "fallbackReason");
    repairs = List.copyOf(repairs);
    violations = List.copyOf(violations);
    if (latencyMs < 0) {
      throw new IllegalArgumentException("latencyMs cannot be negative: " + latencyMs);
    }
    if (fallback != fallbackReason.isPresent()) {
      throw new IllegalArgumentException("a fallback needs a reason, and only a fallback has one");
    }
  }

  /** Whether the text meets every rule of the output policy. */
  public boolean compliant() {
    return violations.isEmpty();
  }

  /** This intervention, served as a fallback for the given reason. */
  public Intervention asFallback(String reason, long totalLatencyMs) {
    return new Intervention(
        text, generator, model, usage, totalLatencyMs, requestId, true, Optional.of(reason), repairs, violations);
  }
}
