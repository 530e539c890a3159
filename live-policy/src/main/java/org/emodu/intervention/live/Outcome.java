package org.emodu.intervention.live;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Strategy;

/**
 * What followed an intervention: the emotion the student showed next within the outcome window.
 * An outcome closes at the first counted observation of another emotion within the window
 * ({@code changed}, after that long), or at the first observation past the window, or at the
 * student's next intervention, whichever comes first (then {@code changed} is false and
 * {@code next} is the emotion intervened on when it was seen again, empty when nothing was seen).
 *
 * @param requestId the intervention's request id, as in the interaction log
 * @param emotion the emotion intervened on
 * @param strategy the reinforcement and ARCS strategy the intervention followed
 * @param interventionAt when the intervention was decided
 * @param next the emotion seen next, if any
 * @param changed whether the student showed another emotion within the window
 * @param after from the intervention to the observation that changed it, or the window when none did
 */
public record Outcome(
    String classId,
    String studentId,
    String requestId,
    Emotion emotion,
    Strategy strategy,
    Instant interventionAt,
    Optional<Emotion> next,
    boolean changed,
    Duration after) {

  public Outcome {
    Objects.requireNonNull(classId, "classId");
    Objects.requireNonNull(studentId, "studentId");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(emotion, "emotion");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(interventionAt, "interventionAt");
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(after, "after");
  }
}
