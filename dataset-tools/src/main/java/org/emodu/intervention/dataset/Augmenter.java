package org.emodu.intervention.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.Progress;
import org.emodu.intervention.core.chat.ChatBackend;
import org.emodu.intervention.core.chat.ChatReply;
import org.emodu.intervention.core.openai.BatchRecord;
import org.emodu.intervention.core.openai.ChatBatch;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.chat.TokenUsage;
import org.emodu.intervention.core.generation.OutputPolicy;
import org.emodu.intervention.core.internal.Text;
import org.emodu.intervention.core.tools.IllegalParameterException;
import org.emodu.intervention.core.internal.Threads;

/**
 * Grows a corpus by augmentation: for every exemplar that is not itself a variant, {@code perItem}
 * variants per {@link AugmentationMethod}. Each variant keeps its source's labels, is tagged
 * {@code augmented:<method>}, and carries the id of its source group in {@code source_id}, so a
 * split can keep a source and all its variants on one side.
 *
 * <p>A variant is kept only when it differs from its source and from the source's other variants,
 * has at most {@code maxWords} words, and passes the {@link VariantGate} (placeholders and emoji in
 * their places, label cues kept, a word-level edit the lexicon and the protected words allow, close
 * to the source in meaning); otherwise it is dropped, counted by reason and listed with the reason
 * in {@link AugmentationResult#droppedVariants()}. The local methods are
 * deterministic: a variant depends only on the seed, the method, the source's id and the variant
 * number, never on order or threads. The model methods run at most {@code concurrency} calls at
 * once, report each finished call to the {@link Progress}, and record every answer in a
 * journal file; a run repeated after a failure takes the answers it already has from the journal
 * and pays only for the rest. With a {@link Builder#batch} the model methods' calls go through the
 * OpenAI Batch API instead, at half the price; the answers land in the same journal, the batches too.
 *
 * <pre>{@code
 * AugmentationResult result = Augmenter.builder()
 *     .methods(AugmentationMethod.local())
 *     .perItem(2)
 *     .seed(42)
 *     .build()
 *     .augment(ExemplarCorpus.builtIn().exemplars());
 * }</pre>
 */
public final class Augmenter {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Augmenter.class);

  /** EDA's recommended strength for small data sets. */
  public static final double DEFAULT_STRENGTH = 0.1;
  public static final int DEFAULT_CONCURRENCY = 4;
  /** Paraphrases should differ from their source; a little more randomness than generation's default. */
  public static final double DEFAULT_TEMPERATURE = 0.9;

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final Set<AugmentationMethod> methods;
  private final int perItem;
  private final long seed;
  private final double strength;
  private final SynonymLexicon lexicon;
  private final GateVocabulary vocabulary;
  private final VariantGate gate;
  private final int maxWords;
  private final Optional<ChatBackend> backend;
  private final String model;
  private final double temperature;
  private final int maxTokens;
  private final int concurrency;
  private final Optional<Path> journal;
  private final Optional<ChatBatch> batch;
  private final Progress progress;

  private Augmenter(Builder builder) {
    this.methods = Set.copyOf(builder.methods);
    this.perItem = builder.perItem;
    this.seed = builder.seed;
    this.strength = builder.strength;
    this.lexicon = builder.lexicon;
    this.vocabulary = builder.vocabulary;
    this.gate = VariantGate.standard().vocabulary(builder.vocabulary).lexicon(builder.lexicon)
        .similarity(builder.similarity, builder.minSimilarity);
    this.maxWords = builder.maxWords;
    this.backend = Optional.ofNullable(builder.backend);
    this.model = builder.model;
    this.temperature = builder.temperature;
    this.maxTokens = builder.maxTokens;
    this.concurrency = builder.concurrency;
    this.journal = Optional.ofNullable(builder.journal);
    this.batch = Optional.ofNullable(builder.batch);
    this.progress = builder.progress;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How many model calls augmenting these exemplars takes, journaled ones included. */
  public long modelCalls(List<Exemplar> exemplars) {
    long sources = exemplars.stream().filter(exemplar -> !CorpusFiles.isAugmented(exemplar)).count();
    return sources * perItem * methods.stream().mapToInt(ModelAugmentation::callsPerVariant).sum();
  }

  /**
   * Augments the exemplars.
   *
   * @throws ModelException when a model call fails after the backend's retries; the message says
   *     how many calls are kept in the journal for the next run
   * @throws IllegalArgumentException when two input exemplars share an id
   */
  public AugmentationResult augment(List<Exemplar> exemplars) {
    Set<String> ids = new HashSet<>();
    for (Exemplar exemplar : exemplars) {
      if (!ids.add(exemplar.id())) {
        throw new IllegalArgumentException("the id " + exemplar.id() + " appears twice in the input");
      }
    }
    List<AugmentationMethod> ordered = java.util.Arrays.stream(AugmentationMethod.values()).filter(methods::contains).toList();
    List<Exemplar> sources = exemplars.stream().filter(exemplar -> !CorpusFiles.isAugmented(exemplar)).toList();
    Map<Candidate, String> texts = new HashMap<>();
    LocalAugmentation local = new LocalAugmentation(lexicon, vocabulary, strength);
    for (Exemplar source : sources) {
      List<Chunk> chunks = LocalAugmentation.chunks(source.text());
      for (AugmentationMethod method : ordered) {
        if (method.usesModel()) {
          continue;
        }
        for (int variant = 1; variant <= perItem; variant++) {
          texts.put(new Candidate(source.id(), method, variant), local.apply(method, chunks, random(method, source.id(), variant)));
        }
      }
    }
    TokenUsage usage = TokenUsage.NONE;
    int calls = 0;
    int resumed = 0;
    if (ordered.stream().anyMatch(AugmentationMethod::usesModel)) {
      ModelRun run = runModels(sources, ordered);
      texts.putAll(run.texts());
      usage = run.usage();
      calls = run.calls();
      resumed = run.resumed();
    }
    return assemble(exemplars, ordered, texts, ids, usage, calls, resumed);
  }

  private AugmentationResult assemble(List<Exemplar> exemplars, List<AugmentationMethod> ordered,
      Map<Candidate, String> texts, Set<String> ids, TokenUsage usage, int calls, int resumed) {
    List<Exemplar> output = new ArrayList<>();
    Map<String, Integer> added = new LinkedHashMap<>();
    ordered.forEach(method -> added.put(method.label(), 0));
    Map<String, Integer> dropped = new HashMap<>();
    List<CleaningResult.Dropped> droppedVariants = new ArrayList<>();
    for (Exemplar source : exemplars) {
      output.add(source);
      if (CorpusFiles.isAugmented(source)) {
        continue;
      }
      String sourceText = normalisedForComparison(source.text());
      VariantGate.SourceGate sourceGate = gate.forSource(source);
      Set<String> seen = new HashSet<>();
      seen.add(sourceText);
      for (AugmentationMethod method : ordered) {
        for (int variant = 1; variant <= perItem; variant++) {
          String text = texts.get(new Candidate(source.id(), method, variant));
          String id = source.id() + "~" + method.shortName() + "-" + variant;
          String candidate = text == null ? "" : text.strip();
          Optional<VariantGate.Rejection> rejection = rejection(source, sourceGate, sourceText, candidate, method, seen, ids, id);
          if (rejection.isPresent()) {
            dropped.merge(rejection.get().reason(), 1, Integer::sum);
            droppedVariants.add(new CleaningResult.Dropped(id, rejection.get().reason(), rejection.get().detail(), candidate));
            continue;
          }
          ids.add(id);
          output.add(variantOf(source, id, candidate, method));
          added.merge(method.label(), 1, Integer::sum);
        }
      }
    }
    return new AugmentationResult(output, added, dropped, droppedVariants, usage, calls, resumed);
  }

  private static Exemplar variantOf(Exemplar source, String id, String text, AugmentationMethod method) {
    return new Exemplar(id, source.emotion(), source.reinforcement(), source.arcs(), text,
        Optional.of(CorpusFiles.groupOf(source)), method.origin());
  }

  /** Why a candidate cannot be kept, or empty when it can. */
  private Optional<VariantGate.Rejection> rejection(Exemplar source, VariantGate.SourceGate sourceGate, String sourceText, String text,
      AugmentationMethod method, Set<String> seen, Set<String> ids, String id) {
    if (text.isEmpty()) {
      return rejected("empty", "the method gave no text");
    }
    int words = Text.countWords(text);
    if (words > maxWords) {
      return rejected("over-word-limit", words + " words, more than " + maxWords);
    }
    String comparable = normalisedForComparison(text);
    if (comparable.equals(sourceText)) {
      return rejected("identical-to-source", "the same text as " + source.id());
    }
    if (seen.contains(comparable)) {
      return rejected("duplicate-variant", "the same text as another variant of " + source.id());
    }
    if (ids.contains(id)) {
      return rejected("id-taken", "the input already has an exemplar " + id);
    }
    Optional<VariantGate.Rejection> gated;
    try {
      gated = sourceGate.check(variantOf(source, id, text, method));
    } catch (IllegalArgumentException e) {
      // The exemplar itself refused the text, such as a placeholder the corpus format does not know.
      return rejected("placeholder-changed", e.getMessage());
    }
    if (gated.isEmpty()) {
      seen.add(comparable);
    }
    return gated;
  }

  private static Optional<VariantGate.Rejection> rejected(String reason, String detail) {
    return Optional.of(new VariantGate.Rejection(reason, detail));
  }

  private ModelRun runModels(List<Exemplar> sources, List<AugmentationMethod> ordered) {
    ChatBackend chat = backend.orElseThrow(() -> new IllegalArgumentException(
        "paraphrase and back-translation need a model backend; give one, or use only the local methods"));
    long total = modelCalls(sources);
    CallJournal calls = journal.map(CallJournal::open).orElseGet(CallJournal::inMemory);
    BatchSpend spent = new BatchSpend();
    if (batch.isPresent()) {
      try {
        runBatches(chat, sources, ordered, calls, spent);
      } catch (RuntimeException e) {
        calls.close();
        throw e;
      }
    }
    ModelAugmentation augmentation = new ModelAugmentation(chat, model, temperature, maxTokens, maxWords, calls, progress);
    ExecutorService executor = Executors.newFixedThreadPool(concurrency, Threads.daemons("intervensi-augment"));
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Map<Candidate, Future<String>> futures = new LinkedHashMap<>();
    progress.start("augment", total, 0);
    try {
      for (Exemplar source : sources) {
        for (AugmentationMethod method : ordered) {
          if (!method.usesModel()) {
            continue;
          }
          for (int variant = 1; variant <= perItem; variant++) {
            int number = variant;
            futures.put(new Candidate(source.id(), method, variant), executor.submit(() -> {
              if (failure.get() != null) {
                return null;
              }
              try {
                return ModelAugmentation.firstLine(augmentation.apply(method, source, number));
              } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                return null;
              }
            }));
          }
        }
      }
      Map<Candidate, String> texts = new HashMap<>();
      for (Map.Entry<Candidate, Future<String>> entry : futures.entrySet()) {
        texts.put(entry.getKey(), await(entry.getValue()));
      }
      RuntimeException error = failure.get();
      if (error != null) {
        throw interrupted(error, augmentation, calls, total);
      }
      return new ModelRun(texts, augmentation.spent().plus(spent.usage), augmentation.calls() + spent.calls,
          augmentation.resumed() - spent.calls);
    } finally {
      executor.shutdownNow();
      progress.finish();
      calls.close();
    }
  }

  /**
   * Asks every call the journal cannot answer through the Batch API, round after round (back
   * translation's second call needs the first's answer), and journals each answer, so that the run
   * that follows finds them all there. A batch an earlier run created and did not finish is taken in
   * first; every batch is in the journal before the run waits for it.
   *
   * @throws ModelException when a batch failed, or requests in it did; the answered ones stay journaled
   */
  private void runBatches(ChatBackend chat, List<Exemplar> sources, List<AugmentationMethod> ordered, CallJournal calls,
      BatchSpend spent) {
    ChatBatch client = batch.orElseThrow();
    Path journalFile = journal.orElseThrow();
    Path directory = journalFile.toAbsolutePath().getParent();
    ChatBatch.Journal batches = calls.batches();
    for (int round = 1; ; round++) {
      Map<String, ModelAugmentation.PendingCall> pending = new LinkedHashMap<>();
      ModelAugmentation collector = new ModelAugmentation(chat, model, temperature, maxTokens, maxWords, calls,
          Progress.none(), call -> pending.putIfAbsent(call.key(), call));
      for (Exemplar source : sources) {
        for (AugmentationMethod method : ordered) {
          for (int variant = 1; method.usesModel() && variant <= perItem; variant++) {
            try {
              collector.apply(method, source, variant);
            } catch (ModelAugmentation.Unanswered stillToAsk) {
              // Recorded in pending; asked in this round's batch.
            }
          }
        }
      }
      if (pending.isEmpty()) {
        return;
      }
      if (round > 3) {
        throw new IllegalStateException("the batches answered every call, yet " + pending.size() + " remain unanswered");
      }
      Map<String, ModelException> failures = new LinkedHashMap<>();
      for (BatchRecord open : calls.openBatches()) {
        keep(await(client, open, List.of(), directory, batches, pending.size()), pending, calls, failures, spent);
        batches.record(open.asCollected());
      }
      if (!pending.isEmpty() && failures.isEmpty()) {
        List<ChatBatch.Line> lines = pending.values().stream()
            .map(call -> new ChatBatch.Line(call.key(), call.request())).toList();
        BatchRecord created = client.submit("augment", lines,
            journalFile.resolveSibling(journalFile.getFileName() + ".batch-input.jsonl"), batches);
        keep(await(client, created, List.copyOf(pending.keySet()), directory, batches, pending.size()), pending, calls,
            failures, spent);
        batches.record(created.asCollected());
      }
      if (!failures.isEmpty()) {
        ModelException first = failures.values().iterator().next();
        throw new ModelException(first.kind(), first.status(), failures.size() + " request(s) of the batch failed, the"
            + " first: " + first.getMessage() + "; the answered ones are kept in the journal " + journalFile
            + ", and running the same command again asks only the rest", first);
      }
    }
  }

  private ChatBatch.Result await(ChatBatch client, BatchRecord record, List<String> expected, Path directory,
      ChatBatch.Journal batches, int total) {
    progress.start("augment batch", total, 0);
    try {
      return client.collect(record, expected, directory, batches, progress);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("augmentation was interrupted while it waited for the batch " + record.batchId()
          + ", which stays in the journal; running the same command again follows it", e);
    } finally {
      progress.finish();
    }
  }

  /** Journals a batch's answers to pending calls, as an online call's answer is journaled. */
  private static void keep(ChatBatch.Result result, Map<String, ModelAugmentation.PendingCall> pending, CallJournal calls,
      Map<String, ModelException> failures, BatchSpend spent) {
    for (Map.Entry<String, ChatReply> answer : result.replies().entrySet()) {
      ModelAugmentation.PendingCall call = pending.remove(answer.getKey());
      if (call == null) {
        continue;
      }
      ChatReply reply = answer.getValue();
      calls.record(new CallJournal.Entry(call.key(), call.step(), call.source(), call.variant(), reply.text(),
          reply.model(), reply.usage()));
      spent.usage = spent.usage.plus(reply.usage());
      spent.calls++;
    }
    for (Map.Entry<String, ModelException> failure : result.failures().entrySet()) {
      if (pending.containsKey(failure.getKey())) {
        failures.put(failure.getKey(), failure.getValue());
      }
    }
    result.notice().ifPresent(notice -> LOG.warn("{}", notice));
  }

  /** What this run's batches spent. */
  private static final class BatchSpend {
    TokenUsage usage = TokenUsage.NONE;
    int calls;
  }

  private static String await(Future<String> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("augmentation was interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    }
  }

  private static RuntimeException interrupted(RuntimeException error, ModelAugmentation augmentation, CallJournal calls, long total) {
    if (!(error instanceof ModelException model)) {
      return error;
    }
    int kept = calls.loaded() + augmentation.calls();
    String where = calls.file()
        .map(file -> kept + " of " + total + " model call(s) are done and kept in the journal " + file
            + "; run the same command again to continue without paying for them again")
        .orElse(kept + " of " + total + " model call(s) were done; give a journal file to make a run resumable");
    return new ModelException(model.kind(), model.status(), model.getMessage() + "; " + where, model);
  }

  private SplittableRandom random(AugmentationMethod method, String id, int variant) {
    long mixed = seed;
    mixed = mixed * 0x9E3779B97F4A7C15L + method.label().hashCode();
    mixed = mixed * 0x9E3779B97F4A7C15L + id.hashCode();
    mixed = mixed * 0x9E3779B97F4A7C15L + variant;
    return new SplittableRandom(mixed);
  }

  private static String normalisedForComparison(String text) {
    String stripped = text.strip();
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      if (Character.isWhitespace(c) && (c != ' ' || (i + 1 < stripped.length() && Character.isWhitespace(stripped.charAt(i + 1))))) {
        return WHITESPACE.matcher(stripped).replaceAll(" ");
      }
    }
    return stripped;
  }

  private record Candidate(String sourceId, AugmentationMethod method, int variant) {}

  private record ModelRun(Map<Candidate, String> texts, TokenUsage usage, int calls, int resumed) {}

  /** Configures an {@link Augmenter}; only the methods are required. */
  public static final class Builder {
    private final Set<AugmentationMethod> methods = new LinkedHashSet<>();
    private int perItem = 1;
    private long seed = 42;
    private double strength = DEFAULT_STRENGTH;
    private SynonymLexicon lexicon = SynonymLexicon.builtIn();
    private GateVocabulary vocabulary = GateVocabulary.builtIn();
    private TextSimilarity similarity = new ChrfSimilarity();
    private double minSimilarity = VariantGate.DEFAULT_MIN_SIMILARITY;
    private int maxWords = OutputPolicy.DEFAULT_MAX_WORDS;
    private ChatBackend backend;
    private String model;
    private double temperature = DEFAULT_TEMPERATURE;
    private int maxTokens = PromptProfile.DEFAULT_MAX_TOKENS;
    private int concurrency = DEFAULT_CONCURRENCY;
    private Path journal;
    private ChatBatch batch;
    private Progress progress = Progress.none();

    private Builder() {}

    public Builder methods(java.util.Collection<AugmentationMethod> methods) {
      this.methods.clear();
      this.methods.addAll(methods);
      return this;
    }

    public Builder methods(AugmentationMethod... methods) {
      return methods(List.of(methods));
    }

    /** Variants to try per source and method; each may still be dropped. */
    public Builder perItem(int perItem) {
      if (perItem < 1 || perItem > 100) {
        throw new IllegalParameterException("perItem", "must be from 1 to 100, got " + perItem);
      }
      this.perItem = perItem;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** EDA's alpha: the share of words each local operation changes (at least one word). */
    public Builder strength(double strength) {
      if (!(strength > 0 && strength <= 0.5)) {
        throw new IllegalParameterException("strength", "must be above 0 and at most 0.5, got " + strength);
      }
      this.strength = strength;
      return this;
    }

    /** The synonyms the local methods use and the gate judges replacements by. */
    public Builder lexicon(SynonymLexicon lexicon) {
      this.lexicon = Objects.requireNonNull(lexicon, "lexicon");
      return this;
    }

    /** The cue, protected and optional words of the local methods and the gate. */
    public Builder vocabulary(GateVocabulary vocabulary) {
      this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
      return this;
    }

    /**
     * How the gate measures a variant's closeness to its source, and the least it needs (chrF++
     * at {@value VariantGate#DEFAULT_MIN_SIMILARITY} by default; 0 turns the check off).
     */
    public Builder similarity(TextSimilarity similarity, double minimum) {
      if (!(minimum >= 0 && minimum <= 1)) {
        throw new IllegalParameterException("minSimilarity", "must be from 0 to 1, got " + minimum);
      }
      this.similarity = Objects.requireNonNull(similarity, "similarity");
      this.minSimilarity = minimum;
      return this;
    }

    /** The word limit a variant must meet, the output policy's 25 by default. */
    public Builder maxWords(int maxWords) {
      if (maxWords < 1) {
        throw new IllegalParameterException("maxWords", "must be at least 1, got " + maxWords);
      }
      this.maxWords = maxWords;
      return this;
    }

    /** The backend and model that paraphrase and back-translate. */
    public Builder backend(ChatBackend backend, String model) {
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("the augmentation model name is blank");
      }
      this.backend = Objects.requireNonNull(backend, "backend");
      this.model = model.strip();
      return this;
    }

    public Builder temperature(double temperature) {
      if (!(temperature >= 0 && temperature <= 2)) {
        throw new IllegalParameterException("temperature", "must be from 0 to 2, got " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    public Builder maxTokens(int maxTokens) {
      if (maxTokens < 1) {
        throw new IllegalParameterException("maxTokens", "must be at least 1, got " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /** How many model calls may be in flight at once. */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 64) {
        throw new IllegalParameterException("concurrency", "must be from 1 to 64, got " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /** The file that records every paid call, making model-backed runs resumable. */
    public Builder journal(Path journal) {
      this.journal = journal;
      return this;
    }

    /**
     * Asks the model methods' calls through the OpenAI Batch API with {@code batch}, at half the price
     * and within 24 hours, instead of one call at a time. Needs a {@link #journal}, which records the
     * batches so a restart follows them. Default: no batch.
     */
    public Builder batch(ChatBatch batch) {
      this.batch = Objects.requireNonNull(batch, "batch");
      return this;
    }

    public Builder progress(Progress progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /**
     * Builds the augmenter.
     *
     * @throws IllegalArgumentException when no method is chosen, or a model method has no backend
     */
    public Augmenter build() {
      if (methods.isEmpty()) {
        throw new IllegalArgumentException("no augmentation method chosen; use one or more of: " + AugmentationMethod.choices());
      }
      if (backend == null && methods.stream().anyMatch(AugmentationMethod::usesModel)) {
        throw new IllegalArgumentException("paraphrase and back-translation need a model backend; give one, or use only the local methods");
      }
      if (batch != null && journal == null && methods.stream().anyMatch(AugmentationMethod::usesModel)) {
        throw new IllegalParameterException("journal", "is needed to run the model methods as a batch: it records the"
            + " batch, so that a restart follows it instead of paying again");
      }
      return new Augmenter(this);
    }
  }
}
