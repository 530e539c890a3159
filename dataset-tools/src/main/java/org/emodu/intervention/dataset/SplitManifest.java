package org.emodu.intervention.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a split did, written beside the train and test files: the settings, the totals, and the
 * counts per stratum (emotion, reinforcement and ARCS strategy).
 *
 * @param seed the seed that shuffled the groups
 * @param testFraction the share of each stratum's items asked for the test side
 * @param trainItems exemplars on the train side
 * @param testItems exemplars on the test side
 * @param trainGroups source groups (an exemplar with its variants) on the train side
 * @param testGroups source groups on the test side
 * @param strata the counts per stratum, in label order
 */
public record SplitManifest(
    long seed,
    @JsonProperty("test_fraction") double testFraction,
    @JsonProperty("train_items") int trainItems,
    @JsonProperty("test_items") int testItems,
    @JsonProperty("train_groups") int trainGroups,
    @JsonProperty("test_groups") int testGroups,
    List<Stratum> strata) {

  public SplitManifest {
    strata = List.copyOf(strata);
  }

  /**
   * One stratum's counts.
   *
   * @param targetTestItems the test items the fraction asks for, before groups are kept whole
   */
  public record Stratum(
      String emotion,
      String reinforcement,
      String arcs,
      @JsonProperty("train_items") int trainItems,
      @JsonProperty("test_items") int testItems,
      @JsonProperty("train_groups") int trainGroups,
      @JsonProperty("test_groups") int testGroups,
      @JsonProperty("target_test_items") double targetTestItems) {
    public Stratum {
      java.util.Objects.requireNonNull(emotion, "emotion");
      java.util.Objects.requireNonNull(reinforcement, "reinforcement");
      java.util.Objects.requireNonNull(arcs, "arcs");
    }
  }
}
