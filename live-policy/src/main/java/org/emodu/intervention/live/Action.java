package org.emodu.intervention.live;

import java.util.Locale;

/** What the policy does about an observation. */
public enum Action {
  /** Show the student the decision's intervention now. */
  INTERVENE,
  /** Show nothing; the decision's reason says why. */
  WAIT;

  /** The name on the wire and in the log: {@code intervene}, {@code wait}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
