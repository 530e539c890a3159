package org.emodu.intervention.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Token usage of one generator and model in interaction logs: descriptive statistics of prompt,
 * completion and total tokens, latency and (when the model has prices) dollars per call, over the
 * calls that produced an answer; failed calls are counted apart.
 *
 * @param generator the generator's name as logged
 * @param model the model's name as logged
 * @param failures calls that produced no answer, left out of the statistics
 * @param fallbacks answered calls that a fallback served
 * @param promptTokens prompt tokens per answered call
 * @param completionTokens completion tokens per answered call
 * @param totalTokens total tokens per answered call
 * @param latencyMs milliseconds per answered call
 * @param costUsd dollars per answered call, when the model has prices
 */
public record UsageGroup(
    String generator,
    String model,
    long failures,
    long fallbacks,
    DescriptiveSummary promptTokens,
    DescriptiveSummary completionTokens,
    DescriptiveSummary totalTokens,
    DescriptiveSummary latencyMs,
    Optional<DescriptiveSummary> costUsd) {

  public UsageGroup {
    Objects.requireNonNull(generator, "generator");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(promptTokens, "promptTokens");
    Objects.requireNonNull(completionTokens, "completionTokens");
    Objects.requireNonNull(totalTokens, "totalTokens");
    Objects.requireNonNull(latencyMs, "latencyMs");
    Objects.requireNonNull(costUsd, "costUsd");
    if (failures < 0 || fallbacks < 0) {
      throw new IllegalArgumentException(
          "counts cannot be negative: failures " + failures + ", fallbacks " + fallbacks);
    }
  }

  /** Calls that produced an answer. */
  public long calls() {
    return promptTokens.count();
  }

  /**
   * The statistics by metric name, in the order {@code prompt_tokens}, {@code completion_tokens},
   * {@code total_tokens}, {@code latency_ms} and, when priced, {@code cost_usd}.
   */
  public Map<String, DescriptiveSummary> metrics() {
    Map<String, DescriptiveSummary> metrics = new LinkedHashMap<>();
    metrics.put("prompt_tokens", promptTokens);
    metrics.put("completion_tokens", completionTokens);
    metrics.put("total_tokens", totalTokens);
    metrics.put("latency_ms", latencyMs);
    costUsd.ifPresent(cost -> metrics.put("cost_usd", cost));
    return metrics;
  }
}
