package org.emodu.intervention.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.dataset.AugmentationMethod;
import org.emodu.intervention.dataset.AugmentationResult;
import org.emodu.intervention.dataset.Augmenter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Local augmentation throughput: one operation augments the whole built-in corpus (400 exemplars)
 * with the four EDA methods, two variants each: 3,200 candidate variants, each through the quality
 * gate and kept or dropped. Compiled and run by bench/dataset/run.sh; variants per second = operations per second
 * times the candidates (or kept variants) per operation, which the script prints.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AugmentBenchmark {

  @Param({"synonym,insertion,swap,deletion"})
  public String methods;

  private List<Exemplar> corpus;
  private Augmenter augmenter;

  @Setup
  public void setUp() {
    corpus = ExemplarCorpus.builtIn().exemplars();
    augmenter = Augmenter.builder().methods(AugmentationMethod.parseList(methods)).perItem(2).seed(42).build();
  }

  @Benchmark
  public AugmentationResult augmentBuiltInCorpus() {
    return augmenter.augment(corpus);
  }

  /** Prints the candidates and kept variants per operation, for the script's per-variant figures. */
  public static void main(String[] args) {
    AugmentBenchmark benchmark = new AugmentBenchmark();
    benchmark.methods = "synonym,insertion,swap,deletion";
    benchmark.setUp();
    AugmentationResult result = benchmark.augmentBuiltInCorpus();
    System.out.println((result.added() + result.dropped()) + " " + result.added());
  }
}
