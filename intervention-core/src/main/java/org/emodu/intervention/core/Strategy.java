package org.emodu.intervention.core;

import java.util.Objects;

/** A reinforcement paired with an ARCS strategy: what an intervention sets out to do. */
public record Strategy(Reinforcement reinforcement, ArcsStrategy arcs) {

  public Strategy {
    Objects.requireNonNull(reinforcement, "reinforcement");
    Objects.requireNonNull(arcs, "arcs");
  }

  @Override
  public String toString() {
    return reinforcement.label() + ":" + arcs.label();
  }
}
