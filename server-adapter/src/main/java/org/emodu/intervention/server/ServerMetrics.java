package org.emodu.intervention.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.emodu.intervention.core.Intervention;

/**
 * The server's meters, exposed in Prometheus text format on {@code /metrics}:
 *
 * <ul>
 *   <li>{@code intervensi_http_requests_seconds} (histogram): every request by method, route and status;
 *   <li>{@code intervensi_interventions_total}: answered generations by outcome ({@code success},
 *       {@code fallback}, {@code error}) and generator;
 *   <li>{@code intervensi_model_calls_total}: the model's own answers by outcome ({@code success},
 *       {@code noncompliant}, {@code deadline}, or the failure kind such as {@code rate_limited});
 *   <li>{@code intervensi_model_tokens_total}: prompt and completion tokens by model;
 *   <li>{@code intervensi_policy_decisions_total}: the live-class policy's decisions by action
 *       ({@code intervene}, {@code wait}) and reason (a fixed set, {@code state-unavailable} among them);
 *   <li>{@code intervensi_state_unavailable_total}: operations on the live-class state (or the
 *       rate limit in Redis) that found it unavailable, by operation.
 * </ul>
 *
 * <p>Meters are cached by their tags, so that counting a request costs a map lookup.
 */
final class ServerMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  void request(String method, String route, int status, long nanos) {
    String key = method + ' ' + route + ' ' + status;
    requestTimers.computeIfAbsent(key, unused -> Timer.builder("intervensi.http.requests")
            .description("HTTP requests by method, route and status")
            .tag("method", method)
            .tag("route", route)
            .tag("status", Integer.toString(status))
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Counts an answered generation and the tokens its model used. */
  void intervention(Intervention intervention) {
    String outcome = intervention.fallback() ? "fallback" : "success";
    counter("intervensi.interventions", "Interventions answered, by outcome and generator",
        "outcome", outcome, "generator", intervention.generator()).increment();
    if (intervention.usage().prompt() > 0) {
      counter("intervensi.model.tokens", "Tokens the model used, by model and kind",
          "model", intervention.model(), "kind", "prompt").increment(intervention.usage().prompt());
    }
    if (intervention.usage().completion() > 0) {
      counter("intervensi.model.tokens", "Tokens the model used, by model and kind",
          "model", intervention.model(), "kind", "completion").increment(intervention.usage().completion());
    }
  }

  /** Counts a generation that ended without an answer. */
  void failedIntervention(String generator) {
    counter("intervensi.interventions", "Interventions answered, by outcome and generator",
        "outcome", "error", "generator", generator).increment();
  }

  /** Counts how a model call ended, before any fallback. */
  void modelCall(String outcome) {
    counter("intervensi.model.calls", "Model calls by how they ended", "outcome",
        outcome.toLowerCase(Locale.ROOT)).increment();
  }

  /** Counts a live-class decision; both labels come from fixed sets, so the series stay bounded. */
  void decision(String action, String reason) {
    counter("intervensi.policy.decisions", "Live-class policy decisions, by action and reason",
        "action", action, "reason", reason).increment();
  }

  /** Counts an operation on the shared state that found it unavailable. */
  void stateUnavailable(String operation) {
    counter("intervensi.state.unavailable", "Operations on the live-class state that found it unavailable",
        "operation", operation).increment();
  }

  String scrape() {
    return registry.scrape();
  }

  private Counter counter(String name, String description, String... tags) {
    String key = name + String.join(" ", tags);
    return counters.computeIfAbsent(key, unused -> Counter.builder(name)
        .description(description)
        .tags(tags)
        .register(registry));
  }
}
