package org.emodu.intervention.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.emodu.intervention.core.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BERTScore (Zhang et al., ICLR 2020) as the paper and its reference implementation
 * ({@code bert_score}) define it: every sentence is encoded into contextual token embeddings by a
 * {@link TokenEmbedder}, each vector L2-normalised; each candidate token is matched greedily to its
 * most similar reference token by cosine similarity and vice versa; precision averages the candidate
 * side, recall the reference side, with token weights scaled to sum to 1, and F1 is their harmonic
 * mean.
 *
 * <p>By default every choice is the reference implementation's; each has an option that restores
 * what this toolkit did before (all at once: {@link Builder#legacySemantics()}):
 *
 * <ul>
 *   <li>Sentences are truncated at the model's maximum input length, {@link TokenEmbedder#maxTokens()}
 *       (512 for the embedded model). {@link Truncation#TOKENIZER_LIMIT}: at the tokenizer file's
 *       own limit, {@link TokenEmbedder#tokenizerMaxTokens()} (128 for the embedded model).
 *   <li>The special tokens the tokenizer adds ({@code [CLS]}, {@code [SEP]}) stay in the similarity
 *       matrix with weight 0: they add nothing to their own sentence's score, but the other
 *       sentence's tokens may match them. {@link SpecialTokens#LEFT_OUT}: they are neither weighed
 *       nor matched against.
 *   <li>A special token typed in the text ({@code "Ayo [SEP] semangat"}) is the same token id and
 *       weighs 0 too. {@link TypedSpecialTokens#ORDINARY}: it weighs like any other token.
 *   <li>With several references per candidate, precision, recall and F1 are each the maximum over
 *       the references, which may come from different references.
 *       {@link MultiReference#BEST_F1}: the precision, recall and F1 of the reference with the best F1.
 *       Either way {@link PairScore#reference()} is the reference with the best F1 (the first one on a
 *       tie).
 *   <li>With {@linkplain Builder#idf idf} weighting, token weights are computed from the references
 *       with the reference implementation's smoothing: {@code ln((M + 1) / (df + 1))} over {@code M}
 *       reference sentences, and {@code ln(M + 1)} for a token no reference has.
 *   <li>With a {@linkplain Builder#baseline baseline}, each score {@code x} is rescaled to
 *       {@code (x - b) / (1 - b)}.
 * </ul>
 *
 * <p>One case differs from the reference implementation on purpose: when idf leaves a sentence no
 * weight at all (every token of it is in every reference) its ordinary tokens weigh alike, where
 * the reference implementation divides by zero and reports no number.
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

  /** Where sentences are truncated. */
  public enum Truncation {
    /** At the model's maximum input length, {@link TokenEmbedder#maxTokens()}, as the reference implementation. */
    MODEL_LIMIT,
    /** At the tokenizer file's own limit, {@link TokenEmbedder#tokenizerMaxTokens()}, as this toolkit did before. */
    TOKENIZER_LIMIT
  }

  /** What becomes of the special tokens a tokenizer adds ({@code [CLS]}, {@code [SEP]}). */
  public enum SpecialTokens {
    /** Kept in the similarity matrix with weight 0, as the reference implementation. */
    WEIGHT_ZERO,
    /** Left out: neither weighed nor matched against, as this toolkit did before. */
    LEFT_OUT
  }

  /** How special tokens typed in a text (the characters {@code [SEP]} or {@code [CLS]}) weigh. */
  public enum TypedSpecialTokens {
    /** Nothing, like the special tokens the tokenizer adds, as the reference implementation. */
    WEIGHT_ZERO,
    /** Like ordinary tokens (with idf, the most, as no reference has them), as this toolkit did before. */
    ORDINARY
  }

  /** How a candidate's score is made from its scores against several references. */
  public enum MultiReference {
    /** Precision, recall and F1 each the maximum over the references, as the reference implementation. */
    MAXIMUM_OF_EACH,
    /** The precision, recall and F1 of the reference with the best F1, as this toolkit did before. */
    BEST_F1
  }

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
  private final Truncation truncation;
  private final SpecialTokens specialTokens;
  private final TypedSpecialTokens typedSpecialTokens;
  private final MultiReference multiReference;

  private BertScorer(Builder builder) {
    this.embedder = builder.embedder;
    this.idf = builder.idf;
    this.baseline = builder.baseline;
    this.batchSize = builder.batchSize;
    this.chunkSize = builder.chunkSize;
    this.progress = builder.progress;
    this.truncation = builder.truncation;
    this.specialTokens = builder.specialTokens;
    this.typedSpecialTokens = builder.typedSpecialTokens;
    this.multiReference = builder.multiReference;
  }

  /**
   * A builder of a scorer on the given encoder: the reference implementation's semantics, no idf, no
   * rescaling, batches of 64.
   */
  public static Builder builder(TokenEmbedder embedder) {
    return new Builder(embedder);
  }

  /**
   * Names how this scorer scores, in the reference implementation's manner, followed by every
   * choice of semantics, so that scores made differently never share a hash:
   * {@code {model}_L{layer}_{idf|no-idf}_version=intervensi-{version}({runtime})[-rescaled(P=..,R=..,F=..)]}
   * then {@code _max-tokens={n}_specials={weight-0|left-out}_typed-specials={weight-0|ordinary}}
   * and {@code _references={max-of-each|best-f1}}. A hash without that tail was made before these
   * choices existed, with what {@link Builder#legacySemantics()} chooses.
   */
  public String hash() {
    return embedder.modelName() + (idf ? "_idf" : "_no-idf") + "_version=intervensi-" + ToolkitVersion.get()
        + "(" + embedder.runtime() + ")" + baseline.map(values -> "-rescaled(" + values.describe() + ")").orElse("")
        + "_max-tokens=" + maxTokens()
        + "_specials=" + (specialTokens == SpecialTokens.WEIGHT_ZERO ? "weight-0" : "left-out")
        + "_typed-specials=" + (typedSpecialTokens == TypedSpecialTokens.WEIGHT_ZERO ? "weight-0" : "ordinary")
        + "_references=" + (multiReference == MultiReference.MAXIMUM_OF_EACH ? "max-of-each" : "best-f1");
  }

  /** The most tokens, special ones included, a sentence keeps; longer ones are truncated to it. */
  public int maxTokens() {
    return truncation == Truncation.MODEL_LIMIT
        ? embedder.maxTokens() : Math.min(embedder.maxTokens(), embedder.tokenizerMaxTokens());
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
   * Scores each candidate against every reference of its group: precision, recall and F1 are each the
   * maximum over the group, or those of the reference with the best F1 under
   * {@link MultiReference#BEST_F1}.
   *
   * @throws IllegalArgumentException when the lists differ in length, are empty, a group is empty,
   *     or a sentence is blank (named by its position, counted from 1)
   */
  public BertScoreResult scoreMultiReference(List<String> candidates, List<? extends List<String>> references) {
    Inputs inputs = Inputs.of(candidates, references);
    List<TokenizedSentence> encoded = embedder.tokenize(inputs.sentences);
    if (encoded.size() != inputs.sentences.size()) {
      throw new IllegalStateException("the encoder tokenized " + encoded.size() + " of " + inputs.sentences.size()
          + " sentences");
    }
    int maxTokens = maxTokens();
    List<TokenizedSentence> tokenized = encoded.stream().map(sentence -> sentence.truncatedTo(maxTokens)).toList();
    IdfWeights weights = idf ? IdfWeights.fromReferences(inputs.referenceSentences(tokenized)) : IdfWeights.uniform();
    Set<Long> zeroWeightIds = typedSpecialTokens == TypedSpecialTokens.WEIGHT_ZERO ? specialIds(tokenized) : Set.of();
    int truncated = (int) tokenized.stream().filter(TokenizedSentence::truncated).count();
    if (truncated > 0) {
      log.warn("{} sentence(s) had more than {} tokens, the limit of {}, and were truncated to fit", truncated,
          maxTokens, embedder.modelName());
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
        embed(sentences, tokenized, weights, zeroWeightIds, vectors);
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

  /**
   * The ids of the special tokens the tokenizer added ({@code [CLS]}, {@code [SEP]}): the same ids
   * typed in a text weigh 0, as the reference implementation weighs its {@code cls_token_id} and
   * {@code sep_token_id}.
   */
  private static Set<Long> specialIds(List<TokenizedSentence> tokenized) {
    Set<Long> ids = new HashSet<>();
    for (TokenizedSentence sentence : tokenized) {
      for (int token = 0; token < sentence.length(); token++) {
        if (sentence.special()[token]) {
          ids.add(sentence.ids()[token]);
        }
      }
    }
    return Set.copyOf(ids);
  }

  /** Embeds the sentences batch by batch into {@code vectors}, reporting progress after each batch. */
  private void embed(int[] sentences, List<TokenizedSentence> tokenized, IdfWeights weights, Set<Long> zeroWeightIds,
      SentenceVectors[] vectors) {
    boolean keepSpecials = specialTokens == SpecialTokens.WEIGHT_ZERO;
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
          vectors[sentences[i]] = SentenceVectors.of(tokenized.get(sentences[i]), embeddings.get(i - first), weights,
              keepSpecials, zeroWeightIds));
      progress.step(batch.size(), "");
    }
  }

  private PairScore best(Inputs inputs, int candidate, SentenceVectors[] vectors) {
    int candidateSentence = inputs.candidates[candidate];
    int[] group = inputs.references[candidate];
    BertScore best = null;
    int bestIndex = 0;
    double precision = Double.NEGATIVE_INFINITY;
    double recall = Double.NEGATIVE_INFINITY;
    for (int reference = 0; reference < group.length; reference++) {
      BertScore score = GreedyMatcher.score(vectors[candidateSentence], vectors[group[reference]]);
      if (best == null || score.f1() > best.f1()) {
        best = score;
        bestIndex = reference;
      }
      precision = Math.max(precision, score.precision());
      recall = Math.max(recall, score.recall());
    }
    BertScore combined = multiReference == MultiReference.MAXIMUM_OF_EACH
        ? new BertScore(precision, recall, best.f1()) : best;
    // Rescaling is increasing, so rescaling the maxima (as the reference implementation does) is rescaling each.
    BertScore reported = baseline.isPresent() ? baseline.get().rescale(combined) : combined;
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
    private Truncation truncation = Truncation.MODEL_LIMIT;
    private SpecialTokens specialTokens = SpecialTokens.WEIGHT_ZERO;
    private TypedSpecialTokens typedSpecialTokens = TypedSpecialTokens.WEIGHT_ZERO;
    private MultiReference multiReference = MultiReference.MAXIMUM_OF_EACH;

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

    /** Where sentences are truncated. Default: {@link Truncation#MODEL_LIMIT}, the reference implementation's. */
    public Builder truncation(Truncation truncation) {
      this.truncation = Objects.requireNonNull(truncation, "truncation");
      return this;
    }

    /**
     * What becomes of the special tokens the tokenizer adds. Default: {@link SpecialTokens#WEIGHT_ZERO},
     * the reference implementation's.
     */
    public Builder specialTokens(SpecialTokens specialTokens) {
      this.specialTokens = Objects.requireNonNull(specialTokens, "specialTokens");
      return this;
    }

    /**
     * How special tokens typed in a text weigh. Default: {@link TypedSpecialTokens#WEIGHT_ZERO}, the
     * reference implementation's.
     */
    public Builder typedSpecialTokens(TypedSpecialTokens typedSpecialTokens) {
      this.typedSpecialTokens = Objects.requireNonNull(typedSpecialTokens, "typedSpecialTokens");
      return this;
    }

    /**
     * How a score is made from several references. Default: {@link MultiReference#MAXIMUM_OF_EACH},
     * the reference implementation's.
     */
    public Builder multiReference(MultiReference multiReference) {
      this.multiReference = Objects.requireNonNull(multiReference, "multiReference");
      return this;
    }

    /**
     * Scores as this toolkit did before it followed the reference implementation throughout:
     * {@link Truncation#TOKENIZER_LIMIT}, {@link SpecialTokens#LEFT_OUT},
     * {@link TypedSpecialTokens#ORDINARY} and {@link MultiReference#BEST_F1}.
     */
    public Builder legacySemantics() {
      return truncation(Truncation.TOKENIZER_LIMIT).specialTokens(SpecialTokens.LEFT_OUT)
          .typedSpecialTokens(TypedSpecialTokens.ORDINARY).multiReference(MultiReference.BEST_F1);
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
