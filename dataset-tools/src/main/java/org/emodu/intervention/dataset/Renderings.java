package org.emodu.intervention.dataset;

import java.util.SplittableRandom;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.InterventionRequest;

/**
 * Turns an exemplar into a concrete request: seeded Indonesian student names, class names and
 * subjects fill its placeholders, so the same seed gives the same requests on every machine. The
 * training files and the evaluation sets are rendered alike.
 */
public final class Renderings {

  private final long seed;

  public Renderings(long seed) {
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  /** The request the {@code rendering}-th rendering (counting from 1) of an exemplar stands for. */
  public InterventionRequest request(Exemplar exemplar, int rendering) {
    SplittableRandom random = new SplittableRandom(
        (seed * 0x9E3779B97F4A7C15L + exemplar.id().hashCode()) * 0x9E3779B97F4A7C15L + rendering);
    return new InterventionRequest(
        RenderingValues.pick(RenderingValues.NAMES, random),
        exemplar.emotion(), exemplar.reinforcement(), exemplar.arcs(),
        RenderingValues.pick(RenderingValues.CLASSES, random),
        RenderingValues.pick(RenderingValues.SUBJECTS, random));
  }
}
