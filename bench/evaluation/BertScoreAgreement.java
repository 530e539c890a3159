import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Set;
import java.util.TreeMap;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.evaluation.BertScoreResult;
import org.emodu.intervention.evaluation.BertScorer;
import org.emodu.intervention.evaluation.OnnxTokenEmbedder;
import org.emodu.intervention.evaluation.TokenizedSentence;

/**
 * Agreement of the toolkit's BERTScore with an independent implementation of the reference
 * implementation's semantics (peer/bert-score.mjs, transformers.js on the very same model files),
 * on Indonesian items built from the built-in exemplar corpus: short pairs, long pairs past 128 and
 * past 512 word pieces, pairs with [SEP] and [CLS] typed in the text, and candidates with several
 * references. Prints max and mean |ours - peer| of P, R and F1, without and with idf, for the
 * default semantics, and for contrast the same for the earlier semantics. Run by
 * bench/evaluation/agreement.sh.
 *
 * usage: java -cp CLASSPATH BertScoreAgreement.java WORK_DIR PEER_DIR MODEL_ROOT
 */
public final class BertScoreAgreement {

  private static final String[] STUDENTS = {"Budi", "Sari", "Dimas", "Ayu", "Rizky", "Putri", "Andi", "Nadia",
      "Fajar", "Wulan"};
  private static final String[] SUBJECTS = {"Fisika", "Matematika", "Biologi", "Kimia", "Sejarah", "Geografi"};
  private static final String[] CLASSES = {"XII-IPA-1", "XI-IPS-2", "X-3"};
  private static final double NOTICEABLE = 1e-4;

  record Item(String kind, String candidate, List<String> references) {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Path peer = Path.of(args[1]);
    Path modelRoot = Path.of(args[2]);
    System.out.println("command: bench/evaluation/agreement.sh");
    System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, %s %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), System.getProperty("os.name"),
        System.getProperty("os.arch"));
    System.out.println("peer: " + run(peer, List.of("node", "--version")).strip() + ", @huggingface/transformers "
        + Json.mapper().readTree(peer.resolve("node_modules/@huggingface/transformers/package.json").toFile())
            .path("version").asText() + ", onnxruntime-node "
        + Json.mapper().readTree(peer.resolve("node_modules/onnxruntime-node/package.json").toFile())
            .path("version").asText() + ", peer/bert-score.mjs (bert_score's algorithm, written anew)");

    List<Item> items = items();
    Path itemsFile = work.resolve("agreement-items.jsonl");
    List<String> lines = new ArrayList<>();
    for (Item item : items) {
      ObjectNode line = Json.mapper().createObjectNode();
      line.put("kind", item.kind());
      line.put("candidate", item.candidate());
      item.references().forEach(line.putArray("references")::add);
      lines.add(Json.mapper().writeValueAsString(line));
    }
    Files.write(itemsFile, lines, StandardCharsets.UTF_8);

    List<String> candidates = items.stream().map(Item::candidate).toList();
    List<List<String>> references = items.stream().map(Item::references).toList();
    try (OnnxTokenEmbedder model = OnnxTokenEmbedder.embedded()) {
      Set<String> distinct = new LinkedHashSet<>(candidates);
      references.forEach(distinct::addAll);
      List<TokenizedSentence> tokenized = model.tokenize(List.copyOf(distinct));
      Map<String, Integer> kinds = new TreeMap<>();
      items.forEach(item -> kinds.merge(item.kind(), 1, Integer::sum));
      System.out.printf(Locale.ROOT, "model: %s (%s), model limit %d tokens, tokenizer file's limit %d%n",
          model.modelName(), model.runtime(), model.maxTokens(), model.tokenizerMaxTokens());
      System.out.printf(Locale.ROOT, "data: %d items %s, %d pairs, %d distinct sentences: %d over 128 word pieces,"
          + " %d over 512 and truncated to it (longest kept %d), %d with [SEP] or [CLS] typed in%n", items.size(), kinds,
          references.stream().mapToInt(List::size).sum(), distinct.size(),
          tokenized.stream().filter(sentence -> sentence.length() > 128).count(),
          tokenized.stream().filter(TokenizedSentence::truncated).count(),
          tokenized.stream().mapToInt(TokenizedSentence::length).max().orElse(0),
          distinct.stream().filter(sentence -> sentence.contains("[SEP]") || sentence.contains("[CLS]")).count());
      System.out.println();
      System.out.printf(Locale.ROOT, "%-38s %-7s %12s %12s %12s %12s %12s %12s %8s%n", "|ours - peer| over the items",
          "idf", "max P", "mean P", "max R", "mean R", "max F1", "mean F1", ">1e-4");
      for (boolean idf : new boolean[] {false, true}) {
        JsonNode peerScores = Json.mapper().readTree(run(peer, List.of("node", "bert-score.mjs",
            modelRoot.toString(), itemsFile.toString(), idf ? "idf" : "no-idf")));
        BertScoreResult ours = BertScorer.builder(model).idf(idf).build().scoreMultiReference(candidates, references);
        BertScoreResult legacy = BertScorer.builder(model).idf(idf).legacySemantics().build()
            .scoreMultiReference(candidates, references);
        compare("ours (default, bert_score semantics)", idf, ours, peerScores, items);
        compare("ours with legacySemantics()", idf, legacy, peerScores, items);
      }
    }
  }

  private static void compare(String what, boolean idf, BertScoreResult ours, JsonNode peer, List<Item> items) {
    double[] max = new double[3];
    double[] sum = new double[3];
    int noticeable = 0;
    Map<String, Double> worstByKind = new TreeMap<>();
    for (int i = 0; i < items.size(); i++) {
      double[] mine = {ours.pairs().get(i).score().precision(), ours.pairs().get(i).score().recall(),
          ours.pairs().get(i).score().f1()};
      double[] theirs = {peer.path("P").get(i).asDouble(), peer.path("R").get(i).asDouble(),
          peer.path("F").get(i).asDouble()};
      double worst = 0;
      for (int metric = 0; metric < 3; metric++) {
        double difference = Math.abs(mine[metric] - theirs[metric]);
        if (Double.isNaN(theirs[metric])) {
          difference = Double.POSITIVE_INFINITY;
        }
        max[metric] = Math.max(max[metric], difference);
        sum[metric] += difference;
        worst = Math.max(worst, difference);
      }
      noticeable += worst > NOTICEABLE ? 1 : 0;
      worstByKind.merge(items.get(i).kind(), worst, Math::max);
    }
    int n = items.size();
    System.out.printf(Locale.ROOT, "%-38s %-7s %12.2e %12.2e %12.2e %12.2e %12.2e %12.2e %8d%n", what,
        idf ? "idf" : "no-idf", max[0], sum[0] / n, max[1], sum[1] / n, max[2], sum[2] / n, noticeable);
    StringBuilder kinds = new StringBuilder();
    worstByKind.forEach((kind, worst) -> kinds.append(String.format(Locale.ROOT, " %s %.1e", kind, worst)));
    System.out.println("    largest |diff| of P, R or F1 by kind:" + kinds);
  }

  /**
   * The items, deterministic: 70 short pairs, 24 long, 16 with typed special tokens, 30 candidates
   * with 2 to 4 distinct references.
   */
  static List<Item> items() {
    List<Exemplar> exemplars = ExemplarCorpus.builtIn().exemplars();
    Map<String, List<Exemplar>> siblings = new TreeMap<>();
    for (Exemplar exemplar : exemplars) {
      siblings.computeIfAbsent(exemplar.emotion() + "/" + exemplar.strategy(), key -> new ArrayList<>()).add(exemplar);
    }
    Random random = new Random(2026);
    List<Item> items = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < 70; i++, next++) {
      Exemplar exemplar = exemplars.get((next * 7) % exemplars.size());
      InterventionRequest request = request(exemplar, random);
      items.add(new Item("short", exemplar.render(request), List.of(sibling(exemplar, siblings, random).render(request))));
    }
    // Long: a shared opening of about 160 or 560 word pieces, then endings that differ; and paragraphs
    // that differ throughout, some past 512 word pieces.
    for (int i = 0; i < 24; i++) {
      int opening = i < 8 ? 4 : i < 14 ? 6 : i < 18 ? 15 : 0;
      int ending = i < 18 ? 1 + i % 3 : 6 + 3 * (i - 18);
      InterventionRequest request = request(exemplars.get(i), random);
      String shared = paragraph(exemplars, random, request, opening);
      String candidate = join(shared, paragraph(exemplars, random, request, ending));
      String reference = join(shared, paragraph(exemplars, random, request, ending + (i % 2)));
      items.add(new Item("long", candidate, List.of(reference)));
    }
    for (int i = 0; i < 16; i++, next++) {
      Exemplar exemplar = exemplars.get((next * 11) % exemplars.size());
      InterventionRequest request = request(exemplar, random);
      String candidate = exemplar.render(request);
      String reference = sibling(exemplar, siblings, random).render(request);
      if (i == 0) {
        items.add(new Item("typed-specials", "Ayo [SEP] semangat [CLS] Budi!", List.of("Ayo semangat Budi!")));
        continue;
      }
      candidate = typeSpecials(candidate, random, 1 + i % 3);
      if (i % 4 == 0) {
        reference = typeSpecials(reference, random, 1);
      }
      if (i % 5 == 0) {
        reference = candidate.replace(" [SEP]", "").replace(" [CLS]", "");
      }
      items.add(new Item("typed-specials", candidate, List.of(reference)));
    }
    for (int i = 0; i < 30; i++, next++) {
      Exemplar exemplar = exemplars.get((next * 13) % exemplars.size());
      InterventionRequest request = request(exemplar, random);
      List<String> group = new ArrayList<>();
      int count = 2 + i % 3;
      for (int attempt = 0; group.size() < count; attempt++) {
        // Siblings first; where a small group runs out, any other exemplar for the same student.
        Exemplar other = attempt < 2 * count ? sibling(exemplar, siblings, random)
            : exemplars.get(random.nextInt(exemplars.size()));
        String reference = other.render(request);
        if (!group.contains(reference) && !reference.equals(exemplar.render(request))) {
          group.add(reference);
        }
      }
      if (i % 6 == 0) {
        group.add(paragraph(exemplars, random, request, 5));
      }
      items.add(new Item("multi-reference", exemplar.render(request), group));
    }
    return items;
  }

  private static InterventionRequest request(Exemplar exemplar, Random random) {
    return new InterventionRequest(STUDENTS[random.nextInt(STUDENTS.length)], exemplar.emotion(),
        exemplar.reinforcement(), exemplar.arcs(), CLASSES[random.nextInt(CLASSES.length)],
        SUBJECTS[random.nextInt(SUBJECTS.length)]);
  }

  private static Exemplar sibling(Exemplar exemplar, Map<String, List<Exemplar>> siblings, Random random) {
    List<Exemplar> group = siblings.get(exemplar.emotion() + "/" + exemplar.strategy());
    return group.get((group.indexOf(exemplar) + 1 + random.nextInt(Math.max(1, group.size() - 1))) % group.size());
  }

  private static String paragraph(List<Exemplar> exemplars, Random random, InterventionRequest request, int count) {
    List<String> sentences = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sentences.add(exemplars.get(random.nextInt(exemplars.size())).render(request));
    }
    return String.join(" ", sentences);
  }

  private static String join(String first, String second) {
    return first.isEmpty() ? second : first + " " + second;
  }

  private static String typeSpecials(String sentence, Random random, int count) {
    List<String> words = new ArrayList<>(List.of(sentence.split(" ")));
    for (int i = 0; i < count; i++) {
      words.add(1 + random.nextInt(words.size() - 1), random.nextBoolean() ? "[SEP]" : "[CLS]");
    }
    return String.join(" ", words);
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
}
