package org.emodu.intervention.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.finetuning.jobs.FineTuningJobEvent;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event in a job's log: when, how severe ({@code info}, {@code warn}, {@code error}), what kind
 * ({@code message} or {@code metrics}) and the message. Metrics events also carry the training step
 * and the total number of steps, which drive the progress bar.
 */
public record JobEvent(
    String id,
    Instant createdAt,
    String level,
    String type,
    String message,
    Optional<Long> step,
    Optional<Long> totalSteps) {

  public JobEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    level = Objects.requireNonNullElse(level, "info");
    type = Objects.requireNonNullElse(type, "message");
    message = Objects.requireNonNullElse(message, "");
    step = Objects.requireNonNullElse(step, Optional.empty());
    totalSteps = Objects.requireNonNullElse(totalSteps, Optional.empty());
  }

  static JobEvent of(FineTuningJobEvent event) {
    JsonNode data = event._data().convert(JsonNode.class);
    return new JobEvent(
        event.id(),
        Instant.ofEpochSecond(event.createdAt()),
        event.level().asString(),
        event.type().map(type -> type.asString()).orElse("message"),
        event.message(),
        whole(data, "step"),
        whole(data, "total_steps"));
  }

  /** Whether this event reports training progress (a step out of a known total). */
  public boolean reportsProgress() {
    return step.isPresent() && totalSteps.isPresent() && totalSteps.get() > 0;
  }

  private static Optional<Long> whole(JsonNode data, String field) {
    if (data == null) {
      return Optional.empty();
    }
    JsonNode value = data.get(field);
    return value != null && value.isNumber() ? Optional.of(value.asLong()) : Optional.empty();
  }
}
