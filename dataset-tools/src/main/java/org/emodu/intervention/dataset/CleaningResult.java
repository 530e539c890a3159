package org.emodu.intervention.dataset;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.emodu.intervention.core.Exemplar;

/**
 * What {@link Cleaner} did: the exemplars kept (texts normalised), every exemplar dropped with the
 * reason, and the ids of kept exemplars whose text changed.
 */
public record CleaningResult(List<Exemplar> kept, List<Dropped> dropped, List<String> changed) {

  public CleaningResult {
    kept = List.copyOf(kept);
    dropped = List.copyOf(dropped);
    changed = List.copyOf(changed);
  }

  /** Dropped exemplars per reason. */
  public Map<String, Integer> droppedByReason() {
    Map<String, Integer> counts = new TreeMap<>();
    dropped.forEach(item -> counts.merge(item.reason(), 1, Integer::sum));
    return counts;
  }

  /**
   * One dropped exemplar.
   *
   * @param id the exemplar's id
   * @param reason {@code empty}, {@code over-word-limit}, {@code no-emoji}, {@code exact-duplicate}
   *     or {@code near-duplicate}
   * @param detail what exactly, such as the exemplar it duplicates and the similarity
   * @param text the exemplar's text after normalisation
   */
  public record Dropped(String id, String reason, String detail, String text) {
    public Dropped {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(reason, "reason");
      java.util.Objects.requireNonNull(detail, "detail");
      java.util.Objects.requireNonNull(text, "text");
    }
  }
}
