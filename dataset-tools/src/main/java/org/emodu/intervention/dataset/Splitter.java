package org.emodu.intervention.dataset;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.Json;
import org.emodu.intervention.core.Strategy;

/**
 * Splits a corpus into train and test sides without leakage: exemplars are grouped by source (an
 * exemplar and every variant whose {@code source_id} names it), and a group always lands whole on
 * one side, so no augmented copy of a test item is trained on. Groups are stratified by emotion,
 * reinforcement and ARCS strategy (the group's source decides its stratum): within each stratum
 * the test side gets the set of groups whose item count comes closest to {@code testFraction} of
 * the stratum's items, ties broken by a seeded shuffle. When every group is a single exemplar,
 * each stratum's test count is within one item of its target.
 *
 * <p>Deterministic: the same corpus, fraction and seed give the same split. Immutable and thread-safe.
 */
public final class Splitter {

  private final double testFraction;
  private final long seed;

  /**
   * @param testFraction the share of each stratum for the test side, above 0 and below 1
   */
  public Splitter(double testFraction, long seed) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("--test must be a fraction above 0 and below 1 such as 0.2, got " + testFraction);
    }
    this.testFraction = testFraction;
    this.seed = seed;
  }

  public DatasetSplit split(List<Exemplar> exemplars) {
    Map<String, List<Exemplar>> groups = new LinkedHashMap<>();
    for (Exemplar exemplar : exemplars) {
      groups.computeIfAbsent(CorpusFiles.groupOf(exemplar), key -> new ArrayList<>()).add(exemplar);
    }
    Map<StratumKey, List<String>> strata = new TreeMap<>();
    groups.forEach((group, members) -> strata.computeIfAbsent(StratumKey.of(stratumSource(group, members)), key -> new ArrayList<>()).add(group));

    Set<String> testGroups = new HashSet<>();
    List<SplitManifest.Stratum> counts = new ArrayList<>();
    for (Map.Entry<StratumKey, List<String>> stratum : strata.entrySet()) {
      List<String> ordered = new ArrayList<>(stratum.getValue());
      Collections.shuffle(ordered, new java.util.Random(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stratum.getKey().order()).nextLong()));
      int[] sizes = ordered.stream().mapToInt(group -> groups.get(group).size()).toArray();
      int items = java.util.Arrays.stream(sizes).sum();
      double target = testFraction * items;
      boolean[] chosen = closestSubset(sizes, target);
      int testItems = 0;
      int testCount = 0;
      for (int i = 0; i < ordered.size(); i++) {
        if (chosen[i]) {
          testGroups.add(ordered.get(i));
          testItems += sizes[i];
          testCount++;
        }
      }
      StratumKey key = stratum.getKey();
      counts.add(new SplitManifest.Stratum(key.emotion(), key.reinforcement(), key.arcs(),
          items - testItems, testItems, ordered.size() - testCount, testCount, target));
    }
    List<Exemplar> train = new ArrayList<>();
    List<Exemplar> test = new ArrayList<>();
    for (Exemplar exemplar : exemplars) {
      (testGroups.contains(CorpusFiles.groupOf(exemplar)) ? test : train).add(exemplar);
    }
    SplitManifest manifest = new SplitManifest(seed, testFraction, train.size(), test.size(),
        groups.size() - testGroups.size(), testGroups.size(), counts);
    return new DatasetSplit(train, test, manifest);
  }

  /**
   * Writes the train and test corpora and the manifest, each atomically.
   *
   * @throws UncheckedIOException when a file exists without {@code force} or cannot be written
   */
  public static void write(DatasetSplit split, Path train, Path test, Path manifest, boolean force) {
    for (Path target : List.of(train, test, manifest)) {
      OutputFiles.checkWritable(target, force);
    }
    CorpusFiles.write(train, split.train(), force);
    CorpusFiles.write(test, split.test(), force);
    OutputFiles.write(manifest, force, writer -> {
      writer.write(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(split.manifest()));
      writer.write('\n');
    });
  }

  /** The member that decides a group's stratum: the source itself when present, else the first variant. */
  private static Exemplar stratumSource(String group, List<Exemplar> members) {
    return members.stream().filter(member -> member.id().equals(group)).findFirst().orElse(members.get(0));
  }

  /**
   * The subset of sizes whose sum is closest to the target, found by dynamic programming over the
   * reachable sums; among equally close sums the smaller wins, and among subsets with that sum the
   * one that prefers the earliest groups in the (shuffled) order.
   */
  static boolean[] closestSubset(int[] sizes, double target) {
    int total = java.util.Arrays.stream(sizes).sum();
    if ((long) sizes.length * (total + 1) > 20_000_000L) {
      return greedySubset(sizes, target);
    }
    // reachable[i][s]: sum s can be made from the groups from i on.
    boolean[][] reachable = new boolean[sizes.length + 1][total + 1];
    reachable[sizes.length][0] = true;
    for (int i = sizes.length - 1; i >= 0; i--) {
      for (int sum = 0; sum <= total; sum++) {
        reachable[i][sum] = reachable[i + 1][sum] || (sum >= sizes[i] && reachable[i + 1][sum - sizes[i]]);
      }
    }
    int best = 0;
    for (int sum = 0; sum <= total; sum++) {
      if (reachable[0][sum] && Math.abs(sum - target) < Math.abs(best - target) - 1e-9) {
        best = sum;
      }
    }
    boolean[] chosen = new boolean[sizes.length];
    int remaining = best;
    for (int i = 0; i < sizes.length && remaining > 0; i++) {
      if (remaining >= sizes[i] && reachable[i + 1][remaining - sizes[i]]) {
        chosen[i] = true;
        remaining -= sizes[i];
      }
    }
    return chosen;
  }

  /** For strata too large for the exact search: take groups in order while that brings the sum closer. */
  private static boolean[] greedySubset(int[] sizes, double target) {
    boolean[] chosen = new boolean[sizes.length];
    int sum = 0;
    for (int i = 0; i < sizes.length; i++) {
      if (Math.abs(sum + sizes[i] - target) < Math.abs(sum - target)) {
        chosen[i] = true;
        sum += sizes[i];
      }
    }
    return chosen;
  }

  private record StratumKey(String emotion, String reinforcement, String arcs, int order) implements Comparable<StratumKey> {
    static StratumKey of(Exemplar exemplar) {
      Strategy strategy = exemplar.strategy();
      int order = (exemplar.emotion().ordinal() * 2 + strategy.reinforcement().ordinal()) * 4 + strategy.arcs().ordinal();
      return new StratumKey(exemplar.emotion().label(), exemplar.reinforcement().label(), exemplar.arcs().label(), order);
    }

    @Override
    public int compareTo(StratumKey other) {
      return Integer.compare(order, other.order);
    }
  }
}
