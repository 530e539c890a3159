package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.Reinforcement;
import org.emodu.intervention.core.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitterTest {

  @Property(tries = 150)
  void noSourceGroupCrossesSides(@ForAll("corpora") List<Exemplar> corpus, @ForAll @DoubleRange(min = 0.05, max = 0.95) double fraction,
      @ForAll long seed) {
    DatasetSplit split = new Splitter(fraction, seed).split(corpus);
    Set<String> trainGroups = split.train().stream().map(CorpusFiles::groupOf).collect(Collectors.toSet());
    Set<String> testGroups = split.test().stream().map(CorpusFiles::groupOf).collect(Collectors.toSet());
    trainGroups.retainAll(testGroups);
    assertThat(trainGroups).as("groups on both sides").isEmpty();
    assertThat(split.train().size() + split.test().size()).isEqualTo(corpus.size());
    assertThat(new HashSet<>(concat(split.train(), split.test()))).isEqualTo(new HashSet<>(corpus));
  }

  @Property(tries = 150)
  void withoutVariantsEachStratumIsWithinOneItemOfItsTarget(@ForAll("singletonCorpora") List<Exemplar> corpus,
      @ForAll @DoubleRange(min = 0.05, max = 0.95) double fraction, @ForAll long seed) {
    DatasetSplit split = new Splitter(fraction, seed).split(corpus);
    for (SplitManifest.Stratum stratum : split.manifest().strata()) {
      assertThat(Math.abs(stratum.testItems() - stratum.targetTestItems())).isLessThanOrEqualTo(1.0);
      assertThat(stratum.testItems() + stratum.trainItems()).isEqualTo(stratum.testGroups() + stratum.trainGroups());
    }
    assertThat(Math.abs(split.test().size() - fraction * corpus.size())).isLessThanOrEqualTo(1.0);
  }

  @Property(tries = 150)
  void withVariantsEachStratumTakesTheReachableCountJustBelowOrAboveItsTarget(@ForAll("corpora") List<Exemplar> corpus,
      @ForAll @DoubleRange(min = 0.05, max = 0.95) double fraction, @ForAll long seed) {
    DatasetSplit split = new Splitter(fraction, seed).split(corpus);
    Map<String, List<Exemplar>> byStratum = corpus.stream().collect(Collectors.groupingBy(SplitterTest::stratum));
    for (SplitManifest.Stratum stratum : split.manifest().strata()) {
      List<Integer> sizes = byStratum.get(stratum.emotion() + "/" + stratum.reinforcement() + "/" + stratum.arcs()).stream()
          .collect(Collectors.groupingBy(CorpusFiles::groupOf, Collectors.counting())).values().stream().map(Long::intValue).toList();
      double target = stratum.targetTestItems();
      List<Integer> sums = reachableSums(sizes);
      int below = sums.stream().filter(sum -> sum <= target + 1e-9).max(Integer::compare).orElseThrow();
      int above = sums.stream().filter(sum -> sum >= target - 1e-9).min(Integer::compare).orElseThrow();
      assertThat(stratum.testItems()).isIn(below, above);
    }
  }

  @Property(tries = 50)
  void theSameSeedGivesTheSameSplit(@ForAll("corpora") List<Exemplar> corpus, @ForAll long seed) {
    assertThat(new Splitter(0.2, seed).split(corpus)).isEqualTo(new Splitter(0.2, seed).split(corpus));
  }

  @Test
  void theBuiltInCorpusSplitsEightyTwentyOverAll() {
    DatasetSplit split = new Splitter(0.2, 42).split(ExemplarCorpus.builtIn().exemplars());
    assertThat(split.manifest().strata()).hasSize(80).allSatisfy(stratum -> {
      assertThat(stratum.trainItems() + stratum.testItems()).isEqualTo(5);
      assertThat(stratum.testItems()).isEqualTo(1);
    });
    assertThat(split.manifest().testItems()).isEqualTo(80);
    assertThat(split.manifest().trainItems()).isEqualTo(320);
  }

  @Test
  void smallStrataStillGiveATestSideOfTheRightSize() {
    // The seed study's shape: two expert exemplars per stratum, where rounding each stratum alone gives no test item at all.
    List<Exemplar> corpus = ExemplarCorpus.builtIn().exemplars().stream()
        .filter(exemplar -> exemplar.id().endsWith("-1") || exemplar.id().endsWith("-2")).toList();
    DatasetSplit split = new Splitter(0.2, 1).split(corpus);
    assertThat(corpus).hasSize(160);
    assertThat(split.test()).hasSize(32);
    assertThat(new Splitter(0.2, 2).split(corpus).test()).isNotEqualTo(split.test());
  }

  @Test
  void writesTrainTestAndAManifest(@TempDir Path directory) throws Exception {
    List<Exemplar> corpus = Augmenter.builder().methods(AugmentationMethod.local()).perItem(1).seed(1).build()
        .augment(ExemplarCorpus.builtIn().exemplars()).exemplars();
    DatasetSplit split = new Splitter(0.2, 7).split(corpus);
    Path train = directory.resolve("train.jsonl");
    Path test = directory.resolve("test.jsonl");
    Path manifest = directory.resolve("manifest.json");
    Splitter.write(split, train, test, manifest, false);

    assertThat(CorpusFiles.read(train)).isEqualTo(split.train());
    assertThat(CorpusFiles.read(test)).isEqualTo(split.test());
    var written = Json.mapper().readTree(manifest.toFile());
    assertThat(written.path("test_items").asInt()).isEqualTo(split.test().size());
    assertThat(written.path("strata")).hasSize(80);
    assertThat(written.path("strata").get(0).path("emotion").asText()).isEqualTo("happy");
    assertThatThrownBy(() -> Splitter.write(split, train, test, manifest, false)).hasCauseInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    assertThat(Files.exists(directory.resolve("train.jsonl"))).isTrue();
  }

  @Test
  void aFractionOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new Splitter(1.0, 1)).hasMessageContaining("testFraction must be a fraction above 0 and below 1");
  }

  @Provide
  Arbitrary<List<Exemplar>> corpora() {
    return corpus(Arbitraries.integers().between(1, 5));
  }

  @Provide
  Arbitrary<List<Exemplar>> singletonCorpora() {
    return corpus(Arbitraries.just(1));
  }

  private static Arbitrary<List<Exemplar>> corpus(Arbitrary<Integer> groupSizes) {
    Arbitrary<int[]> group = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 1),
        Arbitraries.integers().between(0, 1), groupSizes).as((emotion, reinforcement, arcs, size) -> new int[] {emotion, reinforcement, arcs, size});
    return group.list().ofMinSize(1).ofMaxSize(14).map(groups -> {
      List<Exemplar> corpus = new ArrayList<>();
      for (int g = 0; g < groups.size(); g++) {
        int[] spec = groups.get(g);
        Emotion emotion = Emotion.values()[spec[0]];
        Reinforcement reinforcement = Reinforcement.values()[spec[1]];
        ArcsStrategy arcs = ArcsStrategy.values()[spec[2]];
        String source = "s" + g;
        corpus.add(new Exemplar(source, emotion, reinforcement, arcs, "Teks " + g + " 😄", Optional.empty(), "expert"));
        for (int v = 1; v < spec[3]; v++) {
          corpus.add(new Exemplar(source + "~sr-" + v, emotion, reinforcement, arcs, "Teks " + g + " varian " + v + " 😄",
              Optional.of(source), "augmented:synonym"));
        }
      }
      return corpus;
    });
  }

  private static String stratum(Exemplar exemplar) {
    return exemplar.emotion().label() + "/" + exemplar.reinforcement().label() + "/" + exemplar.arcs().label();
  }

  private static List<Integer> reachableSums(List<Integer> sizes) {
    List<Integer> sums = new ArrayList<>();
    for (int mask = 0; mask < (1 << sizes.size()); mask++) {
      int sum = 0;
      for (int i = 0; i < sizes.size(); i++) {
        if ((mask & (1 << i)) != 0) {
          sum += sizes.get(i);
        }
      }
      sums.add(sum);
    }
    return sums;
  }

  private static List<Exemplar> concat(List<Exemplar> first, List<Exemplar> second) {
    List<Exemplar> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
