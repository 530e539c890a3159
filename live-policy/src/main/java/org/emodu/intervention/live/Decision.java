package org.emodu.intervention.live;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.Strategy;

/**
 * What the policy decided about one observation.
 *
 * @param action intervene now, or wait
 * @param reason why, from a fixed set
 * @param at the observation's time, as the policy counted it
 * @param intervention what to show the student; present exactly when {@code action} is intervene
 * @param strategy the reinforcement and ARCS strategy the intervention follows, or would follow
 *     once the student is eligible; empty when the emotion does not trigger or no decision could be made
 * @param eligibleAt the earliest time the student could get an intervention, when the policy knows
 *     it: the end of an episode's persistence time, of a cooldown, of a class's minute
 * @param outcome the outcome of an earlier intervention that this observation closed, if any
 */
public record Decision(
    Action action,
    Reason reason,
    Instant at,
    Optional<Intervention> intervention,
    Optional<Strategy> strategy,
    Optional<Instant> eligibleAt,
    Optional<Outcome> outcome) {

  public Decision {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(intervention, "intervention");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(eligibleAt, "eligibleAt");
    Objects.requireNonNull(outcome, "outcome");
    if ((action == Action.INTERVENE) != intervention.isPresent()) {
      throw new IllegalArgumentException("an intervention is present exactly when the action is intervene");
    }
  }

  /** A wait with nothing else known. */
  static Decision waiting(Reason reason, Instant at) {
    return new Decision(Action.WAIT, reason, at, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** Whether the student is to be shown an intervention now. */
  public boolean intervenes() {
    return action == Action.INTERVENE;
  }
}
