package org.emodu.intervention.dataset;

import java.util.Optional;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.Reinforcement;

/** Small exemplars for tests. */
final class Exemplars {

  private Exemplars() {}

  static Exemplar expert(String id, String text) {
    return new Exemplar(id, Emotion.BORED, Reinforcement.POSITIVE, ArcsStrategy.ATTENTION, text, Optional.empty(), "expert");
  }

  static Exemplar expert(String id, Emotion emotion, Reinforcement reinforcement, ArcsStrategy arcs, String text) {
    return new Exemplar(id, emotion, reinforcement, arcs, text, Optional.empty(), "expert");
  }

  static Exemplar variant(String id, String sourceId, String text) {
    return new Exemplar(id, Emotion.BORED, Reinforcement.POSITIVE, ArcsStrategy.ATTENTION, text, Optional.of(sourceId), "augmented:synonym");
  }
}
