import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.internal.Text;
import org.emodu.intervention.evaluation.BertScoreInputs;
import org.emodu.intervention.evaluation.BertScoreResult;
import org.emodu.intervention.evaluation.BertScorer;
import org.emodu.intervention.evaluation.OnnxTokenEmbedder;
import org.emodu.intervention.evaluation.TokenEmbedder;
import org.emodu.intervention.evaluation.TokenizedSentence;

/**
 * BERTScore throughput on 1,000 pairs of 15-25 word Indonesian sentences with the embedded model,
 * against transformers.js on onnxruntime-node scoring the same pairs with the same model, and the
 * share of our wall time spent outside ONNX inference. Run by bench/evaluation/run.sh, which builds
 * the classpath, the peer and the model files; medians over interleaved rounds.
 *
 * usage: java -cp CLASSPATH BertScoreBenchmark.java WORK_DIR PEER_DIR MODEL_ROOT ROUNDS
 */
public final class BertScoreBenchmark {

  static final int PAIRS = 1000;

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Path peer = Path.of(args[1]);
    Path modelRoot = Path.of(args[2]);
    int rounds = Integer.parseInt(args[3]);
    System.out.println("command: bench/evaluation/run.sh (ROUNDS=" + rounds + ")");
    System.out.printf(Locale.ROOT, "machine: %d cores, %s %s (%s), %s %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), System.getProperty("java.vendor"),
        System.getProperty("os.name"), System.getProperty("os.arch"));
    System.out.println("peer: " + run(peer, List.of("node", "--version")).strip() + ", @huggingface/transformers "
        + Json.mapper().readTree(peer.resolve("node_modules/@huggingface/transformers/package.json").toFile())
            .path("version").asText() + ", onnxruntime-node "
        + Json.mapper().readTree(peer.resolve("node_modules/onnxruntime-node/package.json").toFile())
            .path("version").asText());

    Path candidates = work.resolve("candidates.txt");
    Path references = work.resolve("references.txt");
    Path scores = work.resolve("scores.csv");
    writePairs(candidates, references);

    long loadStarted = System.nanoTime();
    try (OnnxTokenEmbedder model = OnnxTokenEmbedder.embedded()) {
      System.out.printf(Locale.ROOT, "model: %s (%s), loaded in %.2f s%n", model.modelName(), model.runtime(),
          seconds(System.nanoTime() - loadStarted));
      TimedEmbedder timed = new TimedEmbedder(model);
      BertScorer scorer = BertScorer.builder(timed).build();
      BertScoreInputs inputs = BertScoreInputs.read(candidates, List.of(references));
      List<String> distinct = new ArrayList<>(new LinkedHashSet<>(inputs.candidates()));
      inputs.references().forEach(group -> group.forEach(sentence -> {
        if (!distinct.contains(sentence)) {
          distinct.add(sentence);
        }
      }));
      List<TokenizedSentence> tokenized = model.tokenize(distinct);
      System.out.printf(Locale.ROOT, "data: %d pairs, %d distinct sentences, %.1f tokens a sentence on average%n",
          inputs.candidates().size(), distinct.size(),
          tokenized.stream().mapToInt(TokenizedSentence::length).average().orElse(0));

      // Agreement: the peer embedding each sentence alone must reproduce our F1. This peer leaves
      // [CLS] and [SEP] out, as the toolkit did before it followed bert_score (see agreement.sh for that).
      BertScoreResult ours = BertScorer.builder(model).legacySemantics().build().score(inputs.candidates(), inputs.references().stream().map(g -> g.get(0)).toList());
      JsonNode alone = Json.mapper().readTree(run(peer, List.of("node", "bertscore.mjs", modelRoot.toString(),
          candidates.toString(), references.toString(), "1", "1")));
      double largest = 0;
      for (int i = 0; i < PAIRS; i++) {
        largest = Math.max(largest, Math.abs(alone.path("f1").get(i).asDouble() - ours.pairs().get(i).score().f1()));
      }
      System.out.printf(Locale.ROOT, "agreement: largest |F1 ours - F1 peer| over %d pairs, peer unpadded: %.2e%n",
          PAIRS, largest);

      List<Double> oursSeconds = new ArrayList<>();
      List<Double> embedSeconds = new ArrayList<>();
      List<Double> tokenizeSeconds = new ArrayList<>();
      List<Double> inferenceOnlySeconds = new ArrayList<>();
      List<Double> peerSeconds = new ArrayList<>();
      List<Double> peerAloneSeconds = new ArrayList<>();
      scoreOnce(scorer, candidates, references, scores); // warm-up
      for (int round = 0; round < rounds; round++) {
        timed.reset();
        long started = System.nanoTime();
        scoreOnce(scorer, candidates, references, scores);
        oursSeconds.add(seconds(System.nanoTime() - started));
        embedSeconds.add(seconds(timed.embedNanos));
        tokenizeSeconds.add(seconds(timed.tokenizeNanos));

        long inferenceStarted = System.nanoTime();
        for (int from = 0; from < tokenized.size(); from += BertScorer.DEFAULT_BATCH_SIZE) {
          model.embed(tokenized.subList(from, Math.min(tokenized.size(), from + BertScorer.DEFAULT_BATCH_SIZE)));
        }
        inferenceOnlySeconds.add(seconds(System.nanoTime() - inferenceStarted));

        peerSeconds.add(Json.mapper().readTree(run(peer, List.of("node", "bertscore.mjs", modelRoot.toString(),
            candidates.toString(), references.toString(), "1", "64"))).path("seconds").get(0).asDouble());
        peerAloneSeconds.add(Json.mapper().readTree(run(peer, List.of("node", "bertscore.mjs", modelRoot.toString(),
            candidates.toString(), references.toString(), "1", "1"))).path("seconds").get(0).asDouble());
        System.out.printf(Locale.ROOT, "round %d: ours %.2f s, inference only %.2f s, peer (batches of 64) %.2f s,"
            + " peer (unpadded) %.2f s%n", round + 1, oursSeconds.get(round), inferenceOnlySeconds.get(round),
            peerSeconds.get(round), peerAloneSeconds.get(round));
      }

      double ourMedian = median(oursSeconds);
      double peerMedian = median(peerSeconds);
      double peerAloneMedian = median(peerAloneSeconds);
      double inferenceMedian = median(inferenceOnlySeconds);
      System.out.println();
      System.out.printf(Locale.ROOT, "%-58s %10s %12s %14s%n", "medians of " + rounds + " rounds", "seconds",
          "pairs/s", "ours : it");
      row("ours: read files, tokenise, embed, match, write CSV", ourMedian, ourMedian);
      row("peer: transformers.js, padded batches of 64", peerMedian, ourMedian);
      row("peer: transformers.js, each sentence alone", peerAloneMedian, ourMedian);
      row("ONNX inference alone (our runs, no tokenising/matching/IO)", inferenceMedian, ourMedian);
      System.out.println();
      List<Double> outsideShares = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        outsideShares.add((oursSeconds.get(round) - embedSeconds.get(round)) / oursSeconds.get(round));
      }
      System.out.printf(Locale.ROOT, "ours, where the time goes (medians): ONNX inference %.2f s, tokenising %.3f s,"
          + " the rest (reading, matching, writing) %.3f s%n", median(embedSeconds), median(tokenizeSeconds),
          median(restSeconds(oursSeconds, embedSeconds, tokenizeSeconds)));
      System.out.printf(Locale.ROOT, "share of our wall time outside ONNX inference: %.1f%% (median of the rounds' own"
          + " shares; %.1f%% measured against the separate inference-only runs)%n", 100 * median(outsideShares),
          100 * (ourMedian - inferenceMedian) / ourMedian);
    }
  }

  private static List<Double> restSeconds(List<Double> total, List<Double> embed, List<Double> tokenize) {
    List<Double> rest = new ArrayList<>();
    for (int i = 0; i < total.size(); i++) {
      rest.add(total.get(i) - embed.get(i) - tokenize.get(i));
    }
    return rest;
  }

  private static void row(String what, double seconds, double ours) {
    System.out.printf(Locale.ROOT, "%-58s %10.2f %12.0f %13.2fx%n", what, seconds, PAIRS / seconds,
        (PAIRS / ours) / (PAIRS / seconds));
  }

  private static void scoreOnce(BertScorer scorer, Path candidates, Path references, Path scores) {
    BertScoreInputs inputs = BertScoreInputs.read(candidates, List.of(references));
    inputs.scoreWith(scorer).writeCsv(scores, true);
  }

  /**
   * Pairs built from the built-in exemplar corpus: each exemplar against a sibling of the same
   * emotion, reinforcement and ARCS strategy, both rendered for one student, class and subject drawn
   * from a seeded generator, keeping pairs whose sentences both have 15 to 25 words. Deterministic.
   */
  static void writePairs(Path candidates, Path references) throws IOException {
    String[] students = {"Budi", "Sari", "Dimas", "Ayu", "Rizky", "Putri", "Andi", "Nadia", "Fajar", "Wulan", "Bayu",
        "Citra", "Eko", "Fitri", "Galih", "Hana", "Indra", "Joko", "Kartika", "Lestari"};
    String[] subjects = {"Fisika", "Matematika", "Biologi", "Kimia", "Sejarah", "Bahasa Inggris", "Geografi"};
    String[] classes = {"XII-IPA-1", "XI-IPS-2", "X-3", "XII-IPA-2"};
    List<Exemplar> exemplars = ExemplarCorpus.builtIn().exemplars();
    Map<String, List<Exemplar>> siblings = new TreeMap<>();
    for (Exemplar exemplar : exemplars) {
      siblings.computeIfAbsent(exemplar.emotion() + "/" + exemplar.strategy(), key -> new ArrayList<>()).add(exemplar);
    }
    List<String> candidateLines = new ArrayList<>();
    List<String> referenceLines = new ArrayList<>();
    Random random = new Random(2024);
    for (int i = 0; candidateLines.size() < PAIRS; i++) {
      Exemplar exemplar = exemplars.get(i % exemplars.size());
      List<Exemplar> group = siblings.get(exemplar.emotion() + "/" + exemplar.strategy());
      Exemplar sibling = group.get((group.indexOf(exemplar) + 1 + random.nextInt(group.size() - 1)) % group.size());
      InterventionRequest request = new InterventionRequest(students[random.nextInt(students.length)],
          exemplar.emotion(), exemplar.reinforcement(), exemplar.arcs(), classes[random.nextInt(classes.length)],
          subjects[random.nextInt(subjects.length)]);
      String candidate = exemplar.render(request);
      String reference = sibling.render(request);
      if (inRange(candidate) && inRange(reference)) {
        candidateLines.add(candidate);
        referenceLines.add(reference);
      }
    }
    Files.write(candidates, candidateLines, StandardCharsets.UTF_8);
    Files.write(references, referenceLines, StandardCharsets.UTF_8);
  }

  private static boolean inRange(String sentence) {
    int words = Text.countWords(sentence);
    return words >= 15 && words <= 25;
  }

  private static String run(Path directory, List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(directory.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1];
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /**
   * Times the scorer's calls into the encoder: tokenising, and embedding, which is ONNX Runtime's
   * runs plus building their input tensors and copying out their outputs.
   */
  static final class TimedEmbedder implements TokenEmbedder {
    private final TokenEmbedder delegate;
    long tokenizeNanos;
    long embedNanos;

    TimedEmbedder(TokenEmbedder delegate) {
      this.delegate = delegate;
    }

    void reset() {
      tokenizeNanos = 0;
      embedNanos = 0;
    }

    @Override
    public String modelName() {
      return delegate.modelName();
    }

    @Override
    public String runtime() {
      return delegate.runtime();
    }

    @Override
    public int maxTokens() {
      return delegate.maxTokens();
    }

    @Override
    public int tokenizerMaxTokens() {
      return delegate.tokenizerMaxTokens();
    }

    @Override
    public List<TokenizedSentence> tokenize(List<String> sentences) {
      long started = System.nanoTime();
      try {
        return delegate.tokenize(sentences);
      } finally {
        tokenizeNanos += System.nanoTime() - started;
      }
    }

    @Override
    public List<float[][]> embed(List<TokenizedSentence> batch) {
      long started = System.nanoTime();
      try {
        return delegate.embed(batch);
      } finally {
        embedNanos += System.nanoTime() - started;
      }
    }
  }
}
