import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.Reinforcement;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.dataset.ChrfSimilarity;
import org.emodu.intervention.dataset.Cleaner;
import org.emodu.intervention.dataset.CleaningResult;
import org.emodu.intervention.dataset.SynonymLexicon;
import org.emodu.intervention.dataset.VariantGate;
import org.emodu.intervention.evaluation.BertScoreResult;
import org.emodu.intervention.evaluation.BertScorer;
import org.emodu.intervention.evaluation.OnnxTokenEmbedder;

/**
 * How well `dataset clean` separates variants a reader rated good from those rated broken, on a
 * rated set (JSON Lines: the variant's id, source_id, labels, origin, set, source_text, text, and
 * the reader's rating and problem). The variants and their sources go through the standard Cleaner as
 * one corpus, exactly as `intervensi dataset clean` would clean them. Then, for the similarity check
 * alone, how well two measures separate the rated pairs: chrF++ (model-free, the default) and
 * BERTScore F1 on the evaluation module's embedded encoder, each as the area under the ROC curve.
 *
 * <pre>
 * java -cp "cli/target/intervensi.jar:cli/target/lib/*" bench/dataset/GateRating.java RATED.jsonl [--no-encoder] [--lexicon FILE]
 * </pre>
 */
public class GateRating {

  record Rated(Exemplar source, Exemplar variant, boolean good, String problem, String set) {}

  public static void main(String[] args) throws Exception {
    List<Rated> rated = read(Path.of(args[0]));
    List<String> options = List.of(args).subList(1, args.length);
    boolean encoder = !options.contains("--no-encoder");
    int lexiconAt = options.indexOf("--lexicon");
    VariantGate gate = lexiconAt >= 0
        ? VariantGate.standard().lexicon(SynonymLexicon.read(Path.of(options.get(lexiconAt + 1))))
        : VariantGate.standard();
    List<Exemplar> corpus = new ArrayList<>();
    Set<String> sources = new LinkedHashSet<>();
    for (Rated item : rated) {
      if (sources.add(item.source().id())) {
        corpus.add(item.source());
      }
    }
    rated.forEach(item -> corpus.add(item.variant()));
    CleaningResult result = Cleaner.standard().gate(gate).clean(corpus);
    Map<String, CleaningResult.Dropped> dropped = new LinkedHashMap<>();
    result.dropped().forEach(item -> dropped.put(item.id(), item));

    int good = 0;
    int goodKept = 0;
    int broken = 0;
    int brokenDropped = 0;
    Map<String, int[]> byOrigin = new TreeMap<>();
    Map<String, int[]> bySet = new TreeMap<>();
    Map<String, int[]> byProblem = new TreeMap<>();
    Map<String, Integer> reasons = new TreeMap<>();
    List<String> falseDrops = new ArrayList<>();
    List<String> misses = new ArrayList<>();
    for (Rated item : rated) {
      CleaningResult.Dropped drop = dropped.get(item.variant().id());
      String origin = item.variant().origin().substring("augmented:".length());
      int[] counts = byOrigin.computeIfAbsent(item.set() + " " + origin, key -> new int[4]);
      int[] set = bySet.computeIfAbsent(item.set(), key -> new int[4]);
      if (item.good()) {
        good++;
        counts[0]++;
        set[0]++;
        if (drop == null) {
          goodKept++;
          counts[1]++;
          set[1]++;
        } else {
          falseDrops.add(item.variant().id() + "  " + drop.reason() + ": " + drop.detail() + "\n      " + item.variant().text());
        }
      } else {
        broken++;
        counts[2]++;
        set[2]++;
        int[] problem = byProblem.computeIfAbsent(item.problem(), key -> new int[2]);
        problem[0]++;
        if (drop != null) {
          brokenDropped++;
          counts[3]++;
          set[3]++;
          problem[1]++;
          reasons.merge(drop.reason(), 1, Integer::sum);
        } else {
          misses.add(item.variant().id() + "  (" + item.problem() + ")\n      " + item.source().text() + "\n   -> " + item.variant().text());
        }
      }
    }
    System.out.printf(Locale.ROOT, "rated variants: %d (%d good, %d broken) of %d sources%n", rated.size(), good, broken, sources.size());
    System.out.printf(Locale.ROOT, "clean drops %d of %d broken (%.1f%%, goal 90%%) and keeps %d of %d good (%.1f%%)%n",
        brokenDropped, broken, 100.0 * brokenDropped / broken, goodKept, good, 100.0 * goodKept / good);
    List<Rated> recommended = rated.stream().filter(item -> item.good() && (item.set().equals("model")
        || (item.set().equals("local") && item.variant().origin().equals("augmented:synonym")))).toList();
    long recommendedKept = recommended.stream().filter(item -> !dropped.containsKey(item.variant().id())).count();
    System.out.printf(Locale.ROOT, "of the good variants the recommended methods make (synonym replacement now, model paraphrase),"
        + " clean keeps %d of %d (%.1f%%, goal 95%%)%n", recommendedKept, recommended.size(), 100.0 * recommendedKept / recommended.size());
    System.out.println();
    System.out.println("| variants | good kept | broken dropped |");
    System.out.println("|---|---|---|");
    bySet.forEach((name, counts) -> System.out.printf(Locale.ROOT, "| %s | %d of %d (%.1f%%) | %d of %d (%.1f%%) |%n", name,
        counts[1], counts[0], 100.0 * counts[1] / counts[0], counts[3], counts[2], 100.0 * counts[3] / counts[2]));
    System.out.println();
    System.out.println("| set and method | good kept | broken dropped | share of all its variants kept |");
    System.out.println("|---|---|---|---|");
    byOrigin.forEach((origin, counts) -> System.out.printf(Locale.ROOT, "| %s | %d of %d | %d of %d | %.0f%% |%n", origin,
        counts[1], counts[0], counts[3], counts[2], 100.0 * (counts[1] + counts[2] - counts[3]) / (counts[0] + counts[2])));
    System.out.println();
    System.out.println("| the reader's problem | dropped |");
    System.out.println("|---|---|");
    byProblem.forEach((problem, counts) -> System.out.printf(Locale.ROOT, "| %s | %d of %d |%n", problem, counts[1], counts[0]));
    System.out.println();
    System.out.println("gate reasons for the broken ones: " + reasons);
    System.out.println();
    System.out.println("good but dropped:");
    falseDrops.forEach(line -> System.out.println("  " + line));
    System.out.println("broken but kept:");
    misses.forEach(line -> System.out.println("  " + line));

    // What the similarity check is for: a model that answers with another message instead of a
    // rewording. Every built-in exemplar paired with each other one of its cell stands for that.
    List<Rated> unrelated = new ArrayList<>();
    Map<String, List<Exemplar>> cells = new LinkedHashMap<>();
    ExemplarCorpus.builtIn().exemplars().forEach(exemplar -> cells.computeIfAbsent(
        exemplar.emotion() + "/" + exemplar.strategy(), key -> new ArrayList<>()).add(exemplar));
    for (List<Exemplar> cell : cells.values()) {
      for (Exemplar source : cell) {
        for (Exemplar other : cell) {
          if (source != other) {
            unrelated.add(new Rated(source, other, false, "unrelated", "unrelated"));
          }
        }
      }
    }
    List<Rated> goodOnes = rated.stream().filter(Rated::good).toList();
    List<Rated> pairs = new ArrayList<>(rated);
    pairs.addAll(unrelated);
    System.out.println();
    System.out.printf(Locale.ROOT, "similarity alone: area under the ROC curve, and the share kept at a threshold, for the %d good"
        + " variants against the %d broken ones and against %d unrelated pairs (two built-in exemplars of one cell)%n",
        goodOnes.size(), rated.size() - goodOnes.size(), unrelated.size());
    ChrfSimilarity chrf = new ChrfSimilarity();
    Map<Rated, Double> chrfScores = new java.util.IdentityHashMap<>();
    pairs.forEach(item -> chrfScores.put(item, chrf.similarity(item.source().text(), item.variant().text())));
    report("chrF++", rated, unrelated, chrfScores);
    if (encoder) {
      try (OnnxTokenEmbedder embedder = OnnxTokenEmbedder.embedded()) {
        BertScorer scorer = BertScorer.builder(embedder).build();
        BertScoreResult scores = scorer.score(pairs.stream().map(item -> item.variant().text()).toList(),
            pairs.stream().map(item -> item.source().text()).toList());
        Map<Rated, Double> f1 = new java.util.IdentityHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
          f1.put(pairs.get(i), scores.pairs().get(i).score().f1());
        }
        report("BERTScore F1 (all-MiniLM-L6-v2)", rated, unrelated, f1);
      }
    }
  }

  private static void report(String name, List<Rated> rated, List<Rated> unrelated, Map<Rated, Double> scores) {
    ToDoubleFunction<Rated> score = scores::get;
    List<Rated> good = rated.stream().filter(Rated::good).toList();
    List<Rated> againstBroken = rated;
    List<Rated> againstUnrelated = new ArrayList<>(good);
    againstUnrelated.addAll(unrelated);
    List<Rated> paraphrases = rated.stream().filter(item -> item.variant().origin().equals("augmented:paraphrase")).toList();
    System.out.printf(Locale.ROOT, "  %-32s AUC good vs broken %.3f, good vs broken paraphrases %.3f, good vs unrelated %.4f%n",
        name, auc(againstBroken, score), auc(paraphrases, score), auc(againstUnrelated, score));
    double[] goodScores = good.stream().mapToDouble(score).sorted().toArray();
    double[] unrelatedScores = unrelated.stream().mapToDouble(score).sorted().toArray();
    System.out.printf(Locale.ROOT, "  %-32s lowest good %.3f; unrelated median %.3f, 99th percentile %.3f, highest %.3f%n", name,
        goodScores[0], unrelatedScores[unrelatedScores.length / 2], unrelatedScores[(int) (0.99 * (unrelatedScores.length - 1))],
        unrelatedScores[unrelatedScores.length - 1]);
    System.out.printf(Locale.ROOT, "  %-32s at the highest threshold that keeps every good variant (%.3f), %.1f%% of unrelated pairs dropped%n",
        name, goodScores[0], share(unrelated, item -> score.applyAsDouble(item) < goodScores[0]));
    System.out.print("  " + name + " good kept / unrelated dropped / broken dropped, by threshold:");
    for (int step = 0; step <= 12; step++) {
      double threshold = 0.25 + 0.05 * step;
      System.out.printf(Locale.ROOT, "%n    %.2f: %5.1f%% / %5.1f%% / %5.1f%%", threshold,
          share(good, item -> score.applyAsDouble(item) >= threshold),
          share(unrelated, item -> score.applyAsDouble(item) < threshold),
          share(rated.stream().filter(item -> !item.good()).toList(), item -> score.applyAsDouble(item) < threshold));
    }
    System.out.println();
  }

  private static double share(List<Rated> items, java.util.function.Predicate<Rated> test) {
    return items.isEmpty() ? Double.NaN : 100.0 * items.stream().filter(test).count() / items.size();
  }

  /** The probability that a good pair scores above a broken one, ties counting half. */
  private static double auc(List<Rated> items, ToDoubleFunction<Rated> score) {
    List<Double> good = items.stream().filter(Rated::good).map(score::applyAsDouble).toList();
    List<Double> broken = items.stream().filter(item -> !item.good()).map(score::applyAsDouble).toList();
    double wins = 0;
    for (double g : good) {
      for (double b : broken) {
        wins += g > b ? 1 : g == b ? 0.5 : 0;
      }
    }
    return good.isEmpty() || broken.isEmpty() ? Double.NaN : wins / (good.size() * (double) broken.size());
  }

  private static List<Rated> read(Path file) throws IOException {
    List<Rated> rated = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = Json.mapper().readTree(line);
      Emotion emotion = Emotion.parse(node.get("emotion").asText());
      Reinforcement reinforcement = Reinforcement.parse(node.get("reinforcement").asText());
      ArcsStrategy arcs = ArcsStrategy.parse(node.get("arcs").asText());
      String sourceId = node.get("source_id").asText();
      Exemplar source = new Exemplar(sourceId, emotion, reinforcement, arcs, node.get("source_text").asText(), Optional.empty(), "expert");
      Exemplar variant = new Exemplar(node.get("id").asText(), emotion, reinforcement, arcs, node.get("text").asText(),
          Optional.of(sourceId), node.get("origin").asText());
      rated.add(new Rated(source, variant, node.get("rating").asText().equals("good"), node.path("problem").asText(""),
          node.path("set").asText("")));
    }
    return rated;
  }
}
