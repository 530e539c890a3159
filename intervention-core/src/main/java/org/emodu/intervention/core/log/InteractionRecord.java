package org.emodu.intervention.core.log;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.Reinforcement;
import org.emodu.intervention.core.chat.TokenUsage;
import org.emodu.intervention.core.internal.RequestIds;
import org.emodu.intervention.core.internal.Secrets;

/**
 * One generation as the {@link InteractionLog} writes it, one JSON object a line: when, the
 * request, the answer with its generator, model, token usage and latency, whether a fallback
 * served it, and the error when there was no answer at all. The evaluation reads these records.
 *
 * @param timestamp when the generation finished
 * @param request the request's six fields
 * @param text the answer; empty when {@code error} is present
 * @param error why no answer could be given; empty when there is an answer
 */
@JsonPropertyOrder({"timestamp", "requestId", "generator", "model", "request", "text", "usage", "latencyMs",
    "fallback", "fallbackReason", "repairs", "violations", "error"})
public record InteractionRecord(
    Instant timestamp,
    String requestId,
    String generator,
    String model,
    Fields request,
    String text,
    TokenUsage usage,
    long latencyMs,
    boolean fallback,
    Optional<String> fallbackReason,
    List<String> repairs,
    List<String> violations,
    Optional<String> error) {

  public InteractionRecord {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(generator, "generator");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(usage, "usage");
    fallbackReason = fallbackReason == null ? Optional.empty() : fallbackReason;
    repairs = repairs == null ? List.of() : List.copyOf(repairs);
    violations = violations == null ? List.of() : List.copyOf(violations);
    error = error == null ? Optional.empty() : error;
  }

  /** The record of a successful generation. */
  public static InteractionRecord of(InterventionRequest request, Intervention intervention, Instant timestamp) {
    return new InteractionRecord(timestamp, intervention.requestId(), intervention.generator(), intervention.model(),
        Fields.of(request), intervention.text(), intervention.usage(), intervention.latencyMs(),
        intervention.fallback(), intervention.fallbackReason(), intervention.repairs(), intervention.violations(),
        Optional.empty());
  }

  /** The record of a generation that produced no answer. */
  public static InteractionRecord failure(
      InterventionRequest request, String generator, String model, Throwable error, long latencyMs, Instant timestamp) {
    String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    return new InteractionRecord(timestamp, RequestIds.next(), generator, model, Fields.of(request), "",
        TokenUsage.NONE, latencyMs, false, Optional.empty(), List.of(), List.of(),
        Optional.of(Secrets.redact(message)));
  }

  /** Whether the generation produced an answer. */
  public boolean succeeded() {
    return error.isEmpty();
  }

  /**
   * The request's fields as logged: labels in their canonical English form.
   */
  public record Fields(
      String username, String emotion, String reinforcement, String arcs, String classname, String subject) {

    static Fields of(InterventionRequest request) {
      return new Fields(request.username(), request.emotion().label(), request.reinforcement().label(),
          request.arcs().label(), request.classname(), request.subject());
    }

    /** The request again, for re-running a logged interaction. */
    public InterventionRequest toRequest() {
      return new InterventionRequest(username, Emotion.parse(emotion), Reinforcement.parse(reinforcement),
          ArcsStrategy.parse(arcs), classname, subject);
    }
  }
}
