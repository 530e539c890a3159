package org.emodu.intervention.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import org.emodu.intervention.core.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BERTScore (Zhang et al., ICLR 2020) as the paper and its reference implementation define it:
 * every sentence is encoded into contextual token embeddings by a {@link TokenEmbedder}, each
 * vector L2-normalised; each candidate token is matched greedily to its most similar reference
 * token by cosine similarity and vice versa; precision averages the candidate side, recall the
 * reference side, and F1 is their harmonic mean.
 *
 * <ul>
 *   <li>Special tokens ({@code [CLS]}, {@code [SEP]}) and padding are left out entirely: they are
 *       neither weighed nor matched against. (The reference implementation gives them weight 0 but
 *       still lets other tokens match them; its issue #180 reports that as a flaw, so scores here can
 *       be a little lower on pairs where that happened.)
 *   <li>With {@linkplain Builder#idf idf} weighting, token weights are computed from the references
 *       with the reference implementation's smoothing: {@code ln((M + 1) / (df + 1))} over {@code M}
 *       reference sentences, and {@code ln(M + 1)} for a token no reference has.
 *   <li>With a {@linkplain Builder#baseline baseline}, each score {@code x} is rescaled to
 *       {@code (x - b) / (1 - b)}.
 *   <li>With several references per candidate, the reference with the best F1 wins and its
 *       precision, recall and F1 are reported together (the first one on a tie).
 * </ul>
 *
 * <p>Sentences are stripped of surrounding white space, tokenized once, embedded once however often
 * they occur, in batches of similar length so that little padding is computed. Scores do not depend
 * on the batch size. The scorer does not close its embedder. Immutable and safe for use by several
 * threads when its embedder is.
 *
 * <pre>{@code
 * try (OnnxTokenEmbedder embedder = OnnxTokenEmbedder.embedded()) {
 *   BertScoreResult result = BertScorer.builder(embedder).idf(true).build()
 *       .score(List.of("Semangat, Budi!"), List.of("Ayo semangat, Budi!"));
 *   System.out.println(result.mean() + " " + result.hash());
 * }
 * }</pre>
 */
public final class BertScorer {

  /** The batch size of the reference implementation. */
  public static final int DEFAULT_BATCH_SIZE = 64;
  // Candidates embedded and matched together; bounds memory to a chunk's vectors however long the input.
  static final int DEFAULT_CHUNK_SIZE = 1024;

  private static final Logger log = LoggerFactory.getLogger(BertScorer.class);

  private final TokenEmbedder embedder;
  private final boolean idf;
  private final Optional<Baseline> baseline;
  private final int batchSize;
  private final int chunkSize;
  private final Progress progress;

  private BertScorer(Builder builder) {
    this.embedder = builder.embedder;
    this.idf = builder.idf;
    this.baseline = builder.baseline;
    this.batchSize = builder.batchSize;
    this.chunkSize = builder.chunkSize;
    this.progress = builder.progress;
  }

  /** A builder of a scorer on the given encoder: no idf, no rescaling, batches of 64. */
  public static Builder builder(TokenEmbedder embedder) {
    return new Builder(embedder);
  }

  /**
   * Names how this scorer scores, in the reference implementation's manner:
   * {@code {model}_L{layer}_{idf|no-idf}_version=intervensi-{version}({runtime})[-rescaled(P=..,R=..,F=..)]}.
   */
  public String hash() {
    return embedder.modelName() + (idf ? "_idf" : "_no-idf") + "_version=intervensi-" + ToolkitVersion.get()
        + "(" + embedder.runtime() + ")" + baseline.map(values -> "-rescaled(" + values.describe() + ")").orElse("");
  }

  /**
   * Scores each candidate against the reference at the same position.
   *
   * @throws IllegalArgumentException when the lists differ in length, are empty, or hold a blank
   *     sentence (named by its position, counted from 1)
   */
  public BertScoreResult score(List<String> candidates, List<String> references) {
    Objects.requireNonNull(references, "references");
    if (candidates.size() != references.size()) {
      throw new IllegalArgumentException("there are " + candidates.size() + " candidates but " + references.size()
          + " references; each candidate needs the reference at the same position");
    }
    // A one-element list that may hold null, so that a missing reference is reported like a blank one.
    return scoreMultiReference(candidates, references.stream().map(Collections::singletonList).toList());
  }

  /**
   * Scores each candidate against every reference of its group and keeps the reference with the best
   * F1.
   *
   * @throws IllegalArgumentException when the lists differ in length, are empty, a group is empty,
   *     or a sentence is blank (named by its position, counted from 1)
   */
  public BertScoreResult scoreMultiReference(List<String> candidates, List<? extends List<String>> references) {
    Inputs inputs = Inputs.of(candidates, references);
    List<TokenizedSentence> tokenized = embedder.tokenize(inputs.sentences);
    if (tokenized.size() != inputs.sentences.size()) {
      throw new IllegalStateException("the encoder tokenized " + tokenized.size() + " of " + inputs.sentences.size()
          + " sentences");
    }
    IdfWeights weights = idf ? IdfWeights.fromReferences(inputs.referenceSentences(tokenized)) : IdfWeights.uniform();
    int truncated = (int) tokenized.stream().filter(TokenizedSentence::truncated).count();
    if (truncated > 0) {
      log.warn("{} sentence(s) had more than {} tokens, the limit of {}, and were truncated to fit", truncated,
          embedder.maxTokens(), embedder.modelName());
    }

    int count = inputs.candidates.length;
    List<int[]> chunks = new ArrayList<>();
    for (int start = 0; start < count; start += chunkSize) {
      chunks.add(byLength(inputs.sentencesOf(start, Math.min(count, start + chunkSize)), tokenized));
    }
    PairScore[] scores = new PairScore[count];
    SentenceVectors[] vectors = new SentenceVectors[inputs.sentences.size()];
    progress.start("BERTScore", chunks.stream().mapToLong(sentences -> sentences.length).sum(), 0);
    try {
      for (int chunk = 0; chunk < chunks.size(); chunk++) {
        int[] sentences = chunks.get(chunk);
        embed(sentences, tokenized, weights, vectors);
        int start = chunk * chunkSize;
        IntStream.range(start, Math.min(count, start + chunkSize)).parallel()
            .forEach(candidate -> scores[candidate] = best(inputs, candidate, vectors));
        for (int sentence : sentences) {
          vectors[sentence] = null;
        }
      }
    } finally {
      progress.finish();
    }
    return new BertScoreResult(Arrays.asList(scores), hash(), truncated);
  }

  /** The sentences ordered by token count, so that each batch holds sentences of like length. */
  private static int[] byLength(int[] sentences, List<TokenizedSentence> tokenized) {
    return Arrays.stream(sentences).boxed()
        .sorted(Comparator.<Integer>comparingInt(id -> tokenized.get(id).length()).thenComparingInt(id -> id))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /** Embeds the sentences batch by batch into {@code vectors}, reporting progress after each batch. */
  private void embed(int[] sentences, List<TokenizedSentence> tokenized, IdfWeights weights,
      SentenceVectors[] vectors) {
    for (int from = 0; from < sentences.length; from += batchSize) {
      int to = Math.min(sentences.length, from + batchSize);
      List<TokenizedSentence> batch = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        batch.add(tokenized.get(sentences[i]));
      }
      List<float[][]> embeddings = embedder.embed(batch);
      if (embeddings.size() != batch.size()) {
        throw new IllegalStateException("the encoder embedded " + embeddings.size() + " of " + batch.size()
            + " sentences");
      }
      int first = from;
      IntStream.range(from, to).parallel().forEach(i ->
          vectors[sentences[i]] = SentenceVectors.of(tokenized.get(sentences[i]), embeddings.get(i - first), weights));
      progress.step(batch.size(), "");
    }
  }

  private PairScore best(Inputs inputs, int candidate, SentenceVectors[] vectors) {
    int candidateSentence = inputs.candidates[candidate];
    int[] group = inputs.references[candidate];
    BertScore best = null;
    int bestIndex = 0;
    for (int reference = 0; reference < group.length; reference++) {
      BertScore score = GreedyMatcher.score(vectors[candidateSentence], vectors[group[reference]]);
      if (best == null || score.f1() > best.f1()) {
        best = score;
        bestIndex = reference;
      }
    }
    BertScore reported = baseline.isPresent() ? baseline.get().rescale(best) : best;
    return new PairScore(candidate, inputs.sentences.get(candidateSentence),
        inputs.sentences.get(group[bestIndex]), bestIndex, reported);
  }

  @Override
  public String toString() {
    return "BertScorer[" + hash() + ", batchSize=" + batchSize + "]";
  }

  /** The input as indexes into its distinct, stripped sentences. */
  private static final class Inputs {
    final List<String> sentences = new ArrayList<>();
    final int[] candidates;
    final int[][] references;
    private final Map<String, Integer> ids = new HashMap<>();

    private Inputs(int count) {
      candidates = new int[count];
      references = new int[count][];
    }

    static Inputs of(List<String> candidates, List<? extends List<String>> references) {
      Objects.requireNonNull(candidates, "candidates");
      Objects.requireNonNull(references, "references");
      if (candidates.size() != references.size()) {
        throw new IllegalArgumentException("there are " + candidates.size() + " candidates but " + references.size()
            + " groups of references; each candidate needs its references at the same position");
      }
      if (candidates.isEmpty()) {
        throw new IllegalArgumentException("there is nothing to score: no candidates were given");
      }
      Inputs inputs = new Inputs(candidates.size());
      for (int i = 0; i < candidates.size(); i++) {
        inputs.candidates[i] = inputs.id(candidates.get(i), "candidate " + (i + 1));
        List<String> group = Objects.requireNonNull(references.get(i), "references of candidate " + (i + 1));
        if (group.isEmpty()) {
          throw new IllegalArgumentException("candidate " + (i + 1) + " has no reference to be scored against");
        }
        inputs.references[i] = new int[group.size()];
        for (int j = 0; j < group.size(); j++) {
          String what = group.size() == 1
              ? "reference " + (i + 1) : "reference " + (j + 1) + " of candidate " + (i + 1);
          inputs.references[i][j] = inputs.id(group.get(j), what);
        }
      }
      return inputs;
    }

    private int id(String sentence, String what) {
      if (sentence == null || sentence.isBlank()) {
        throw new IllegalArgumentException(what + " is blank; every candidate and reference must hold a sentence");
      }
      return ids.computeIfAbsent(sentence.strip(), stripped -> {
        sentences.add(stripped);
        return sentences.size() - 1;
      });
    }

    /** Every reference sentence, repeats included: the documents idf counts. */
    List<TokenizedSentence> referenceSentences(List<TokenizedSentence> tokenized) {
      List<TokenizedSentence> documents = new ArrayList<>();
      for (int[] group : references) {
        for (int reference : group) {
          documents.add(tokenized.get(reference));
        }
      }
      return documents;
    }

    /** The distinct sentences the candidates in [from, to) and their references need. */
    int[] sentencesOf(int from, int to) {
      boolean[] needed = new boolean[sentences.size()];
      IntStream.Builder chosen = IntStream.builder();
      for (int candidate = from; candidate < to; candidate++) {
        if (!needed[candidates[candidate]]) {
          needed[candidates[candidate]] = true;
          chosen.add(candidates[candidate]);
        }
        for (int reference : references[candidate]) {
          if (!needed[reference]) {
            needed[reference] = true;
            chosen.add(reference);
          }
        }
      }
      return chosen.build().toArray();
    }
  }

  /** Options of a {@link BertScorer}. */
  public static final class Builder {
    private final TokenEmbedder embedder;
    private boolean idf;
    private Optional<Baseline> baseline = Optional.empty();
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private Progress progress = Progress.none();

    private Builder(TokenEmbedder embedder) {
      this.embedder = Objects.requireNonNull(embedder, "embedder");
    }

    /** Weighs tokens by their inverse document frequency in the references. Default: off. */
    public Builder idf(boolean idf) {
      this.idf = idf;
      return this;
    }

    /** Rescales every score with this baseline. Default: no rescaling. */
    public Builder baseline(Baseline baseline) {
      this.baseline = Optional.of(baseline);
      return this;
    }

    /** Rescales with this baseline when present. */
    public Builder baseline(Optional<Baseline> baseline) {
      this.baseline = Objects.requireNonNull(baseline, "baseline");
      return this;
    }

    /**
     * How many sentences the encoder embeds at once. Default: {@value #DEFAULT_BATCH_SIZE}.
     *
     * @throws IllegalArgumentException when not positive
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("the batch size must be at least 1; got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Hears how many sentences are embedded so far, for a progress bar. */
    public Builder progress(Progress progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    Builder chunkSize(int chunkSize) {
      if (chunkSize < 1) {
        throw new IllegalArgumentException("the chunk size must be at least 1; got " + chunkSize);
      }
      this.chunkSize = chunkSize;
      return this;
    }

    public BertScorer build() {
      return new BertScorer(this);
    }
  }
}
