package org.emodu.intervention.live;

import java.util.List;
import org.emodu.intervention.core.ArcsStrategy;

/**
 * The order in which ARCS strategies are tried while an emotion persists: Attention, Relevance,
 * Confidence, Satisfaction, then Attention again, the order of Keller's model. The first
 * intervention for an emotion uses the strategy selector's strategy; when the student's latest
 * intervention was for the same emotion (it persisted, or came back), the next uses the strategy
 * after that one's in this order, so the study's four strategies are tried in turn.
 */
final class ArcsRotation {

  /** Keller's order. */
  static final List<ArcsStrategy> ORDER =
      List.of(ArcsStrategy.ATTENTION, ArcsStrategy.RELEVANCE, ArcsStrategy.CONFIDENCE, ArcsStrategy.SATISFACTION);

  private ArcsRotation() {}

  /** The strategy after {@code previous}. */
  static ArcsStrategy after(ArcsStrategy previous) {
    return ORDER.get((ORDER.indexOf(previous) + 1) % ORDER.size());
  }
}
