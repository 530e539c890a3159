package org.emodu.intervention.dataset;

import java.util.List;
import org.emodu.intervention.core.Exemplar;

/**
 * A train/test split of a corpus.
 *
 * @param train the train side, in input order
 * @param test the test side, in input order
 * @param manifest the settings and counts per stratum
 */
public record DatasetSplit(List<Exemplar> train, List<Exemplar> test, SplitManifest manifest) {

  public DatasetSplit {
    train = List.copyOf(train);
    test = List.copyOf(test);
  }
}
