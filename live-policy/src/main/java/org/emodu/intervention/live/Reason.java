package org.emodu.intervention.live;

import java.util.Locale;

/**
 * Why the policy decided as it did: a short, fixed set, so that metrics by reason stay bounded.
 * The label is what the HTTP answer, the metrics and the interaction log say.
 */
public enum Reason {
  /** Intervene: the emotion has persisted for the persistence time, and nothing holds the student back. */
  PERSISTED,
  /** Wait: the episode has not lasted the persistence time yet; {@code eligibleAt} says when it would. */
  PERSISTING,
  /** Wait: the observation's confidence is under the minimum; it neither starts nor extends an episode. */
  LOW_CONFIDENCE,
  /** Wait: this emotion does not trigger interventions (neutral, by default). */
  NOT_A_TRIGGER,
  /** Wait: the student had an intervention less than the cooldown ago; {@code eligibleAt} says when it ends. */
  COOLDOWN,
  /** Wait: the class has had its interventions for this minute; {@code eligibleAt} is the next minute. */
  CLASS_RATE,
  /** Wait: another decision (on this server or another) is generating this student's intervention now. */
  IN_PROGRESS,
  /** Wait: the observation is older than one already seen for this student, and is not counted. */
  OUT_OF_ORDER,
  /** Wait: the generator gave only texts this student has already been shown in this session. */
  NO_NEW_TEXT,
  /** Wait: the generator failed; the interaction log has the error. */
  GENERATION_FAILED,
  /** Wait: the state could not be read or written; the policy never intervenes blind. */
  STATE_UNAVAILABLE,
  /** Wait: other decisions about this student kept changing the state; the next observation decides again. */
  CONTENDED;

  /** The label on the wire: {@code persisted}, {@code low-confidence}, {@code state-unavailable}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return label();
  }
}
