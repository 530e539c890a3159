package org.emodu.intervention.core.log;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.emodu.intervention.core.internal.Secrets;

/**
 * One decision or one outcome of a live-class intervention policy, as the {@link InteractionLog}
 * writes it beside the generations: {@code kind} tells them apart ({@value #DECISION} or
 * {@value #OUTCOME}); a line without {@code kind} is a generation ({@link InteractionRecord}).
 *
 * <p>A decision says what the policy did about one observation ({@code action} {@code intervene} or
 * {@code wait}) and why ({@code reason}); an intervention's decision also carries the strategy and
 * the {@code requestId} and {@code text} of the intervention. An outcome says what the student
 * showed after an intervention: {@code nextEmotion} (empty when nothing was seen in the window),
 * whether it {@code changed} from the emotion intervened on, and {@code afterMs}.
 *
 * @param timestamp the observation's time (the recogniser's frame time, or the server's clock)
 * @param emotion the emotion observed; for an outcome, the emotion intervened on
 * @param confidence the recogniser's confidence, 0 to 1; for an outcome, that of the observation that closed it
 */
@JsonPropertyOrder({"kind", "timestamp", "classId", "studentId", "username", "emotion", "confidence", "action",
    "reason", "reinforcement", "arcs", "requestId", "text", "eligibleAt", "nextEmotion", "changed", "afterMs",
    "error"})
public record PolicyRecord(
    String kind,
    Instant timestamp,
    String classId,
    String studentId,
    String username,
    String emotion,
    double confidence,
    Optional<String> action,
    Optional<String> reason,
    Optional<String> reinforcement,
    Optional<String> arcs,
    Optional<String> requestId,
    Optional<String> text,
    Optional<Instant> eligibleAt,
    Optional<String> nextEmotion,
    Optional<Boolean> changed,
    Optional<Long> afterMs,
    Optional<String> error) {

  /** The {@code kind} of a decision. */
  public static final String DECISION = "decision";

  /** The {@code kind} of an outcome. */
  public static final String OUTCOME = "outcome";

  public PolicyRecord {
    Objects.requireNonNull(kind, "kind");
    if (!kind.equals(DECISION) && !kind.equals(OUTCOME)) {
      throw new IllegalArgumentException("kind must be " + DECISION + " or " + OUTCOME + ", got '" + kind + "'");
    }
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(classId, "classId");
    Objects.requireNonNull(studentId, "studentId");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(emotion, "emotion");
    action = orEmpty(action);
    reason = orEmpty(reason);
    reinforcement = orEmpty(reinforcement);
    arcs = orEmpty(arcs);
    requestId = orEmpty(requestId);
    text = orEmpty(text);
    eligibleAt = orEmpty(eligibleAt);
    nextEmotion = orEmpty(nextEmotion);
    changed = orEmpty(changed);
    afterMs = orEmpty(afterMs);
    error = orEmpty(error).map(Secrets::redact);
  }

  /** Whether this is a decision rather than an outcome; not written, {@code kind} says it. */
  @JsonIgnore
  public boolean isDecision() {
    return kind.equals(DECISION);
  }

  private static <T> Optional<T> orEmpty(Optional<T> value) {
    return value == null ? Optional.empty() : value;
  }
}
