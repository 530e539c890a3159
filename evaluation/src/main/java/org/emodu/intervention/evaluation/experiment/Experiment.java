package org.emodu.intervention.evaluation.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.emodu.intervention.core.Progress;
import org.emodu.intervention.core.generation.FallbackGenerator;
import org.emodu.intervention.core.generation.PromptedChatGenerator;
import org.emodu.intervention.core.openai.ChatBatch;
import org.emodu.intervention.core.log.InteractionRecord;
import org.emodu.intervention.core.tools.IllegalParameterException;
import org.emodu.intervention.evaluation.BertScore;
import org.emodu.intervention.evaluation.BertScoreResult;
import org.emodu.intervention.evaluation.BertScorer;
import org.emodu.intervention.evaluation.DescriptiveSummary;
import org.emodu.intervention.evaluation.PriceTable;
import org.emodu.intervention.evaluation.TokenEmbedder;
import org.emodu.intervention.evaluation.TokenPrices;
import org.emodu.intervention.evaluation.ToolkitVersion;

/**
 * Compares profiles on one evaluation set, as the seed study compared the base and the fine-tuned
 * model: every profile answers every request ({@code repeat} times, with bounded concurrency, each
 * answer logged as it comes, resumable), then each profile's answers are scored with BERTScore
 * against the references and summarised by token usage, cost and compliance with the output rules.
 *
 * <p>The output directory holds {@code experiment.json} (the setup, checked on resume),
 * {@code PROFILE/interactions.jsonl} (the core's interaction log), {@code PROFILE/bertscore.csv}
 * (per-answer scores) and {@code summary.json} (everything the report shows). A run with the Batch API
 * ({@link Builder#batch}) keeps each batch's input, output and error files in {@code PROFILE/} too, and
 * its batches in {@code experiment.json}.
 */
public final class Experiment {

  private final Path directory;
  private final ExperimentRunner runner;
  private final int concurrency;
  private final int repeat;
  private final boolean idf;
  private final PriceTable prices;
  private final Optional<String> pricesDescription;
  private final Clock clock;
  private final Optional<ChatBatch> batch;

  private Experiment(Builder builder) {
    this.directory = builder.directory;
    this.concurrency = builder.concurrency;
    this.repeat = builder.repeat;
    this.idf = builder.idf;
    this.prices = builder.prices;
    this.pricesDescription = builder.pricesDescription;
    this.clock = builder.clock;
    this.batch = Optional.ofNullable(builder.batch);
    this.runner = new ExperimentRunner(concurrency, repeat, builder.retryFailed, clock);
  }

  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /**
   * Runs every profile, scores and summarises them, and writes {@code summary.json}.
   *
   * @param evaluationSet the file the items were read from, recorded by its content hash
   * @param progress hears each profile's generations, then each profile's scoring, as separate tasks
   * @throws IllegalArgumentException when the directory holds an experiment of another setup
   * @throws InterruptedException when interrupted while generating; what was logged stays
   */
  public ExperimentSummary run(Path evaluationSet, List<EvaluationItem> items, List<ProfileUnderTest> profiles,
      TokenEmbedder embedder, Progress progress) throws InterruptedException {
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException("an experiment needs at least one profile");
    }
    if (batch.isPresent()) {
      for (ProfileUnderTest profile : profiles) {
        if (profile.generator() instanceof FallbackGenerator) {
          throw new IllegalParameterException("batch", "the profile " + profile.name() + " has an offline fallback, which"
              + " a batch cannot give; run it without the batch, or open its generator without the fallback");
        }
      }
    }
    Map<String, ExperimentManifest.ProfileSetup> setups = new LinkedHashMap<>();
    for (ProfileUnderTest profile : profiles) {
      if (setups.put(profile.name(), new ExperimentManifest.ProfileSetup(profile.model(), profile.systemPrompt())) != null) {
        throw new IllegalArgumentException("the profile " + profile.name() + " is named twice");
      }
    }
    String sha256 = sha256(evaluationSet);
    new ExperimentManifest(evaluationSet.getFileName().toString(), sha256, items.size(), repeat, setups)
        .reconcile(directory);

    List<ProfileRun> runs = new ArrayList<>();
    for (ProfileUnderTest profile : profiles) {
      Path log = directory.resolve(profile.name()).resolve("interactions.jsonl");
      if (batch.isPresent() && profile.generator() instanceof PromptedChatGenerator prompted) {
        runs.add(runner.runBatch(profile.name(), prompted, profile.model(), items, log, batch.get(), directory, progress));
      } else {
        runs.add(runner.run(profile.name(), profile.generator(), profile.model(), items, log, progress));
      }
    }
    BertScorer scorer = BertScorer.builder(embedder).idf(idf).build();
    List<ProfileSummary> summaries = new ArrayList<>();
    for (int i = 0; i < profiles.size(); i++) {
      // Each profile's scoring is its own task, named for the profile, so that two bars are told apart.
      BertScorer profileScorer = BertScorer.builder(embedder).idf(idf)
          .progress(named(progress, "BERTScore " + profiles.get(i).name())).build();
      summaries.add(summarise(profiles.get(i), runs.get(i), profileScorer));
    }
    ExperimentSummary summary = new ExperimentSummary(clock.instant(), ToolkitVersion.get(), evaluationSet.getFileName().toString(), sha256, items.size(), repeat, concurrency,
        scorer.hash(), pricesDescription, summaries);
    summary.write(directory);
    return summary;
  }

  /** {@code progress} with every task it hears named {@code task}. */
  private static Progress named(Progress progress, String task) {
    return new Progress() {
      @Override
      public void start(String ignored, long total, long alreadyDone) {
        progress.start(task, total, alreadyDone);
      }

      @Override
      public void step(long count, String status) {
        progress.step(count, status);
      }

      @Override
      public void finish() {
        progress.finish();
      }
    };
  }

  private ProfileSummary summarise(ProfileUnderTest profile, ProfileRun run, BertScorer scorer) {
    List<Generation> answered = run.succeeded();
    Optional<BertScoreResult> scores = Optional.empty();
    if (!answered.isEmpty()) {
      BertScoreResult result = scorer.score(
          answered.stream().map(generation -> generation.record().text()).toList(),
          answered.stream().map(generation -> generation.item().reference()).toList());
      result.writeCsv(directory.resolve(profile.name()).resolve("bertscore.csv"), true);
      scores = Optional.of(result);
    }
    List<InteractionRecord> records = answered.stream().map(Generation::record).toList();
    Optional<TokenPrices> price = prices.pricesFor(profile.model());
    Map<String, Long> errors = run.generations().stream()
        .filter(generation -> !generation.succeeded())
        .map(generation -> generation.record().error().orElse("unknown error"))
        .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    DescriptiveSummary none = DescriptiveSummary.of(new double[0]);
    return new ProfileSummary(
        profile.name(),
        run.generations().isEmpty() ? profile.name() : run.generations().get(0).record().generator(),
        profile.model(),
        profile.systemPrompt(),
        run.generations().size(),
        run.failed(),
        run.resumed(),
        run.wallMs(),
        errors,
        scores.map(BertScoreResult::mean),
        scores.map(BertScoreResult::precision).orElse(none),
        scores.map(BertScoreResult::recall).orElse(none),
        scores.map(BertScoreResult::f1).orElse(none),
        DescriptiveSummary.of(records.stream().mapToLong(record -> record.usage().prompt()).toArray()),
        DescriptiveSummary.of(records.stream().mapToLong(record -> record.usage().completion()).toArray()),
        DescriptiveSummary.of(records.stream().mapToLong(record -> record.usage().total()).toArray()),
        DescriptiveSummary.of(records.stream().mapToLong(InteractionRecord::latencyMs).toArray()),
        price.map(tokenPrices -> DescriptiveSummary.of(
            records.stream().mapToDouble(record -> tokenPrices.cost(record.usage())).toArray())),
        Compliance.of(answered),
        price,
        answers(answered, scores, price));
  }

  /** Each answer's figures, in run order: the scores are in the order the answers were scored. */
  private static List<ProfileSummary.Answer> answers(List<Generation> answered, Optional<BertScoreResult> scores,
      Optional<TokenPrices> price) {
    List<ProfileSummary.Answer> answers = new ArrayList<>(answered.size());
    for (int i = 0; i < answered.size(); i++) {
      Generation generation = answered.get(i);
      BertScore score = scores.orElseThrow().pairs().get(i).score();
      InteractionRecord record = generation.record();
      answers.add(new ProfileSummary.Answer(generation.item().id(), generation.repetition(), score.precision(),
          score.recall(), score.f1(), record.usage().prompt(), record.usage().completion(), record.usage().total(),
          price.map(prices -> prices.cost(record.usage()))));
    }
    return answers;
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** Chooses concurrency, repetitions, scoring and prices. */
  public static final class Builder {
    private final Path directory;
    private int concurrency = 4;
    private int repeat = 1;
    private boolean retryFailed;
    private boolean idf;
    private PriceTable prices = PriceTable.none();
    private Optional<String> pricesDescription = Optional.empty();
    private Clock clock = Clock.systemUTC();
    private ChatBatch batch;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** Generations in flight at once (default 4). */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 1024) {
        throw new IllegalParameterException("concurrency", "must be from 1 to 1024, got " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /** How many times each request is asked (default 1). */
    public Builder repeat(int repeat) {
      if (repeat < 1 || repeat > 1000) {
        throw new IllegalParameterException("repeat", "must be from 1 to 1000, got " + repeat);
      }
      this.repeat = repeat;
      return this;
    }

    /** Whether a resumed run asks again what failed before (default: failures stay). */
    public Builder retryFailed(boolean retryFailed) {
      this.retryFailed = retryFailed;
      return this;
    }

    /** Whether BERTScore weighs tokens by inverse document frequency over the references. */
    public Builder idf(boolean idf) {
      this.idf = idf;
      return this;
    }

    /** Prices per million tokens, and how to describe them in the report. */
    public Builder prices(PriceTable prices, String description) {
      this.prices = Objects.requireNonNull(prices, "prices");
      this.pricesDescription = prices.isEmpty() ? Optional.empty() : Optional.of(description);
      return this;
    }

    /**
     * Asks the model profiles through the OpenAI Batch API with {@code batch}, at half the price, instead
     * of one call at a time; profiles without a model (offline) are asked as before. Default: no batch.
     */
    public Builder batch(ChatBatch batch) {
      this.batch = Objects.requireNonNull(batch, "batch");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Experiment build() {
      return new Experiment(this);
    }
  }
}
