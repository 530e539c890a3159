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
import org.emodu.intervention.core.Strategy;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.core.tools.IllegalParameterException;

/**
 * Splits a corpus into train and test sides without leakage: exemplars are grouped by source (an
 * exemplar and every variant whose {@code source_id} names it), and a group always lands whole on
 * one side, so no augmented copy of a test item is trained on. Groups are stratified by emotion,
 * reinforcement and ARCS strategy (the group's source decides its stratum): each stratum's test
 * side is a set of whole groups whose item count is the nearest reachable count just below or just
 * above {@code testFraction} of the stratum's items, chosen so that the whole test side comes as
 * close to its share as it can; which groups, among those that give the count, is decided by a
 * seeded shuffle. When every group is a single exemplar, each stratum's test count is within one
 * item of its target and the total within one item of the corpus's.
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
      throw new IllegalParameterException("testFraction", "must be a fraction above 0 and below 1 such as 0.2, got " + testFraction);
    }
    this.testFraction = testFraction;
    this.seed = seed;
  }

  public DatasetSplit split(List<Exemplar> exemplars) {
    Map<String, List<Exemplar>> groups = new LinkedHashMap<>();
    for (Exemplar exemplar : exemplars) {
      groups.computeIfAbsent(CorpusFiles.groupOf(exemplar), key -> new ArrayList<>()).add(exemplar);
    }
    Map<StratumKey, List<String>> byStratum = new TreeMap<>();
    groups.forEach((group, members) -> byStratum.computeIfAbsent(StratumKey.of(stratumSource(group, members)), key -> new ArrayList<>()).add(group));

    List<Stratum> strata = new ArrayList<>();
    for (Map.Entry<StratumKey, List<String>> entry : byStratum.entrySet()) {
      List<String> ordered = new ArrayList<>(entry.getValue());
      java.util.Random shuffle = new java.util.Random(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + entry.getKey().order()).nextLong());
      Collections.shuffle(ordered, shuffle);
      int[] sizes = ordered.stream().mapToInt(group -> groups.get(group).size()).toArray();
      strata.add(new Stratum(entry.getKey(), ordered, sizes, testFraction * java.util.Arrays.stream(sizes).sum(), shuffle.nextDouble()));
    }
    allocate(strata);

    Set<String> testGroups = new HashSet<>();
    List<SplitManifest.Stratum> counts = new ArrayList<>();
    for (Stratum stratum : strata) {
      boolean[] chosen = stratum.subset(stratum.chosenSum);
      int testItems = 0;
      int testCount = 0;
      for (int i = 0; i < stratum.groups.size(); i++) {
        if (chosen[i]) {
          testGroups.add(stratum.groups.get(i));
          testItems += stratum.sizes[i];
          testCount++;
        }
      }
      StratumKey key = stratum.key;
      counts.add(new SplitManifest.Stratum(key.emotion(), key.reinforcement(), key.arcs(),
          stratum.items() - testItems, testItems, stratum.groups.size() - testCount, testCount, stratum.target));
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
   * Chooses each stratum's test size: the reachable sum just below or just above its target, so no
   * stratum strays further than one group from its share. Rounding every stratum to its nearest sum
   * would empty the test side of a corpus with small strata (two exemplars a stratum at 0.2 round
   * to none), so, as largest-remainder apportionment does, strata start below their target and are
   * raised in order of how far their target lies towards the sum above, while that brings the total
   * closer to the whole corpus's target. Ties go to the seeded shuffle.
   */
  private static void allocate(List<Stratum> strata) {
    double target = 0;
    long total = 0;
    for (Stratum stratum : strata) {
      stratum.chosenSum = stratum.below;
      total += stratum.below;
      target += stratum.target;
    }
    List<Stratum> raisable = new ArrayList<>(strata.stream().filter(stratum -> stratum.above > stratum.below).toList());
    raisable.sort(java.util.Comparator.comparingDouble((Stratum stratum) -> -stratum.merit()).thenComparingDouble(stratum -> stratum.tieBreak));
    for (Stratum stratum : raisable) {
      long raised = total - stratum.below + stratum.above;
      if (Math.abs(raised - target) < Math.abs(total - target) - 1e-9) {
        stratum.chosenSum = stratum.above;
        total = raised;
      }
    }
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

  /** One stratum's groups, in shuffled order, with the test sums it can reach around its target. */
  private static final class Stratum {
    final StratumKey key;
    final List<String> groups;
    final int[] sizes;
    final double target;
    final double tieBreak;
    final boolean[][] reachable;
    final int below;
    final int above;
    int chosenSum;

    Stratum(StratumKey key, List<String> groups, int[] sizes, double target, double tieBreak) {
      this.key = key;
      this.groups = groups;
      this.sizes = sizes;
      this.target = target;
      this.tieBreak = tieBreak;
      int total = items();
      // reachable[i][s]: the groups from i on can make a test side of s items. Strata are small
      // (a few hundred items); for a huge one, fall back to whole groups taken in order.
      this.reachable = (long) sizes.length * (total + 1) <= 20_000_000L ? reachability(sizes, total) : null;
      int low = 0;
      int high = total;
      for (int sum = 0; sum <= total; sum++) {
        if (canReach(sum)) {
          if (sum <= target + 1e-9) {
            low = sum;
          }
          if (sum >= target - 1e-9 && sum < high) {
            high = sum;
          }
        }
      }
      this.below = low;
      this.above = Math.max(high, low);
    }

    int items() {
      return java.util.Arrays.stream(sizes).sum();
    }

    /** How far the target lies from the sum below towards the sum above, 0 to 1. */
    double merit() {
      return above == below ? 0 : (target - below) / (above - below);
    }

    private boolean canReach(int sum) {
      if (reachable != null) {
        return reachable[0][sum];
      }
      int prefix = 0;
      for (int size : sizes) {
        if (prefix == sum) {
          return true;
        }
        prefix += size;
      }
      return prefix == sum;
    }

    /** The groups that make {@code sum}, preferring the earliest in the shuffled order. */
    boolean[] subset(int sum) {
      boolean[] chosen = new boolean[sizes.length];
      int remaining = sum;
      for (int i = 0; i < sizes.length && remaining > 0; i++) {
        boolean take = reachable != null
            ? remaining >= sizes[i] && reachable[i + 1][remaining - sizes[i]]
            : remaining >= sizes[i];
        if (take) {
          chosen[i] = true;
          remaining -= sizes[i];
        }
      }
      return chosen;
    }

    private static boolean[][] reachability(int[] sizes, int total) {
      boolean[][] reachable = new boolean[sizes.length + 1][total + 1];
      reachable[sizes.length][0] = true;
      for (int i = sizes.length - 1; i >= 0; i--) {
        for (int sum = 0; sum <= total; sum++) {
          reachable[i][sum] = reachable[i + 1][sum] || (sum >= sizes[i] && reachable[i + 1][sum - sizes[i]]);
        }
      }
      return reachable;
    }
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
