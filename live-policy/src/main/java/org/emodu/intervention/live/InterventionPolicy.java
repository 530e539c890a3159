package org.emodu.intervention.live;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.Reinforcement;
import org.emodu.intervention.core.Strategy;
import org.emodu.intervention.core.generation.StrategySelector;
import org.emodu.intervention.core.log.InteractionLog;
import org.emodu.intervention.core.log.PolicyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, per student, when a live class's observations call for an intervention, and asks the
 * generator for it.
 *
 * <ul>
 *   <li>An <em>episode</em> is a run of observations of one emotion for one student, none further
 *       apart than {@link PolicySettings#persist()}; it triggers once it has lasted that long.
 *   <li>Observations under {@link PolicySettings#minConfidence()} neither start nor extend one.
 *   <li>After an intervention the student gets none for {@link PolicySettings#cooldown()}; if the
 *       emotion still persists then, the next intervention follows at once, with the next ARCS
 *       strategy ({@link ArcsRotation}: Attention, Relevance, Confidence, Satisfaction).
 *   <li>A class gets at most {@link PolicySettings#classRate()} interventions a minute.
 *   <li>A student is never shown a text twice in a session; a repeated text is asked for again,
 *       up to three times, then the answer is {@code wait} with {@link Reason#NO_NEW_TEXT}.
 *   <li>Time is the observation's {@code observedAt} when given, else the policy's clock.
 *   <li>The outcome of each intervention (the emotion shown next within
 *       {@link PolicySettings#outcomeWindow()}) is recorded ({@link Outcome}).
 * </ul>
 *
 * <p>The reinforcement and the first ARCS strategy for an emotion are the {@link StrategySelector}'s.
 * Every decision and every outcome is written to the interaction log, when one is given, as a
 * {@link PolicyRecord}.
 *
 * <p>State lives in a {@link PolicyStore}: each decision reads the student's state, decides, and
 * writes the new state back with compare-and-set, deciding again from the new state when another
 * decision wrote first, so that two policies sharing a store (two servers behind one load balancer)
 * never both intervene for one student. A decision that intervenes first takes a hold on the
 * student (written the same way) and only then asks the generator, so that the frames arriving
 * meanwhile wait ({@link Reason#IN_PROGRESS}) instead of asking it again; the hold lapses after
 * {@link #CLAIM} of observation time. The class's budget is the store's
 * {@link PolicyStore#tryAcquire}; a permit taken by a decision that then loses its race stays spent,
 * a rare waste, never a second intervention. A store that cannot be reached gives {@code wait} with
 * {@link Reason#STATE_UNAVAILABLE}, never an intervention.
 *
 * <pre>{@code
 * InterventionPolicy policy = InterventionPolicy.builder(new MemoryPolicyStore(), generator)
 *     .settings(PolicySettings.from(Settings.load()))
 *     .build();
 * Decision decision = policy.observe(Observation.of("XII-IPA-1", "s-17", "Budi", Emotion.BORED, 0.9,
 *     "XII IPA 1", "Fisika", frameTime));
 * decision.intervention().ifPresent(intervention -> show(intervention.text()));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class InterventionPolicy {

  /** How often one decision reads and writes again after losing a race, before it gives up for this observation. */
  static final int MAX_WRITES = 8;

  /** How many texts one decision asks the generator for before it settles for {@link Reason#NO_NEW_TEXT}. */
  static final int MAX_GENERATIONS = 3;

  /**
   * How long a decision holds the right to generate a student's intervention, by the observations'
   * time; the others wait ({@link Reason#IN_PROGRESS}) meanwhile, so that a slow model is asked once
   * per student, not once per frame. Past it the hold lapses, whatever became of the holder.
   */
  static final Duration CLAIM = Duration.ofSeconds(30);

  private static final Duration CLASS_WINDOW = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(InterventionPolicy.class);

  private final PolicyStore store;
  private final InterventionGenerator generator;
  private final PolicySettings settings;
  private final StrategySelector selector;
  private final Clock clock;
  private final Optional<InteractionLog> interactionLog;

  private InterventionPolicy(Builder builder) {
    this.store = builder.store;
    this.generator = builder.generator;
    this.settings = builder.settings;
    this.selector = builder.selector;
    this.clock = builder.clock;
    this.interactionLog = Optional.ofNullable(builder.log);
  }

  /** A builder for a policy over this store, asking this generator for the texts. */
  public static Builder builder(PolicyStore store, InterventionGenerator generator) {
    return new Builder(store, generator);
  }

  public PolicySettings settings() {
    return settings;
  }

  public PolicyStore store() {
    return store;
  }

  /**
   * Decides about one observation, waiting for the generator when it intervenes.
   *
   * @throws NullPointerException when {@code observation} is null; every other failure is a decision
   */
  public Decision observe(Observation observation) {
    return observeAsync(observation).join();
  }

  /**
   * Decides about observations one after another, in their order (a frame of a class), and answers
   * in the same order.
   */
  public List<Decision> observeAll(List<Observation> observations) {
    List<Decision> decisions = new ArrayList<>(observations.size());
    for (Observation observation : observations) {
      decisions.add(observe(observation));
    }
    return decisions;
  }

  /**
   * Decides about one observation without waiting for the generator: the state is read and, unless
   * the decision intervenes, written on the calling thread; an intervention completes when its text
   * is generated and recorded. The future never completes exceptionally for a failure of the store
   * or the generator: those are decisions ({@link Reason#STATE_UNAVAILABLE},
   * {@link Reason#GENERATION_FAILED}).
   */
  public CompletableFuture<Decision> observeAsync(Observation observation) {
    Objects.requireNonNull(observation, "observation");
    Instant now = observation.observedAt().orElseGet(clock::instant);
    return new Attempt(observation, now).run().thenApply(this::recorded);
  }

  private Decision recorded(Result result) {
    interactionLog.ifPresent(log -> {
      try {
        log.write(decisionRecord(result));
        result.decision().outcome().ifPresent(outcome -> log.write(outcomeRecord(result.observation(), outcome)));
      } catch (RuntimeException e) {
        // The decision stands (the state says so); a log that fails is the operator's to fix.
        InterventionPolicy.log.warn("cannot write a decision to the interaction log: {}", e.getMessage());
      }
    });
    return result.decision();
  }

  // ---- one decision

  private record Result(Observation observation, Decision decision, Optional<String> error) {}

  /**
   * What the state says about an observation: the decision, the state to write (empty: nothing to
   * write) and, when it intervenes, the request to generate for.
   */
  private record Plan(Decision decision, Optional<StudentState> state, Optional<InterventionRequest> request) {
    boolean intervenes() {
      return request.isPresent();
    }
  }

  /** One observation's way through reads, races and generations. Not shared between threads. */
  private final class Attempt {
    private final Observation observation;
    private final Instant now;
    private final String key;
    private final String token = java.util.UUID.randomUUID().toString();
    private boolean claimed;
    private int writesLost;
    private int generations;
    private Boolean permit;
    private Reason forced;
    private Instant forcedEligibleAt;
    private Intervention candidate;
    private String error;

    Attempt(Observation observation, Instant now) {
      this.observation = observation;
      this.now = now;
      this.key = PolicyKeys.student(observation.classId(), observation.studentId());
    }

    CompletableFuture<Result> run() {
      while (true) {
        if (writesLost >= MAX_WRITES) {
          return done(Decision.waiting(Reason.CONTENDED, now));
        }
        PolicyStore.Versioned stored;
        StudentState state;
        Plan plan;
        try {
          stored = store.read(key).orElse(null);
          state = read(stored);
          plan = plan(state, observation, now, token);
          if (plan.intervenes() && forced == null && permit == null) {
            permit = store.tryAcquire(PolicyKeys.classBudget(observation.classId()), now, CLASS_WINDOW,
                settings.classRate());
            if (!permit) {
              forced = Reason.CLASS_RATE;
              long minute = CLASS_WINDOW.toMillis();
              forcedEligibleAt = Instant.ofEpochMilli((Math.floorDiv(now.toEpochMilli(), minute) + 1) * minute);
            }
          }
        } catch (StateUnavailableException e) {
          log.debug("the policy's state is unavailable: {}", e.getMessage());
          return done(Decision.waiting(Reason.STATE_UNAVAILABLE, now));
        }
        if (plan.intervenes() && forced != null) {
          plan = waitInstead(plan, forced, forcedEligibleAt);
        }
        if (plan.intervenes()) {
          if (candidate != null && state.hasSeen(candidate.text())) {
            candidate = null;
          }
          if (candidate == null) {
            if (generations >= MAX_GENERATIONS) {
              forced = Reason.NO_NEW_TEXT;
              continue;
            }
            if (!claimed) {
              // Hold the student first, so that the frames arriving while the generator works wait for it.
              // The open outcome stays as it was: the decision that finishes closes and reports it.
              StudentState held = plan.state().get().withPending(state.pending())
                  .withClaim(new StudentState.Claim(token, now.plus(CLAIM).toEpochMilli()));
              try {
                if (!store.compareAndSet(key, version(stored), held.toBytes(), settings.studentTtl())) {
                  writesLost++;
                  continue;
                }
              } catch (StateUnavailableException e) {
                log.debug("the policy's state is unavailable: {}", e.getMessage());
                return done(Decision.waiting(Reason.STATE_UNAVAILABLE, now));
              }
              claimed = true;
            }
            generations++;
            return generate(plan.request().get()).thenCompose(unused -> run());
          }
          plan = withIntervention(plan, state, candidate);
        }
        if (plan.state().isEmpty()) {
          return done(plan.decision());
        }
        try {
          if (store.compareAndSet(key, version(stored), plan.state().get().toBytes(), settings.studentTtl())) {
            return done(plan.decision());
          }
        } catch (StateUnavailableException e) {
          log.debug("the policy's state is unavailable: {}", e.getMessage());
          return done(Decision.waiting(Reason.STATE_UNAVAILABLE, now));
        }
        writesLost++;
      }
    }

    private static long version(PolicyStore.Versioned stored) {
      return stored == null ? 0 : stored.version();
    }

    private CompletableFuture<Void> generate(InterventionRequest request) {
      CompletableFuture<Intervention> generation;
      try {
        generation = generator.generateAsync(request);
      } catch (RuntimeException e) {
        generation = CompletableFuture.failedFuture(e);
      }
      return generation.handle((intervention, failure) -> {
        if (failure != null) {
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause() : failure;
          forced = Reason.GENERATION_FAILED;
          forcedEligibleAt = null;
          error = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
          log.warn("the generator failed for an observation of class {}: {}", observation.classId(), error);
        } else {
          candidate = intervention;
        }
        return null;
      });
    }

    private CompletableFuture<Result> done(Decision decision) {
      return CompletableFuture.completedFuture(new Result(observation, decision, Optional.ofNullable(error)));
    }

    private StudentState read(PolicyStore.Versioned stored) {
      if (stored == null) {
        return StudentState.EMPTY;
      }
      try {
        return StudentState.fromBytes(stored.value());
      } catch (IOException e) {
        // Written by something else, or by a later layout: started afresh, and overwritten by compare-and-set.
        log.warn("the state under {} cannot be read ({}); starting it afresh", key, e.getMessage());
        return StudentState.EMPTY;
      }
    }
  }

  // ---- the rules, as a function of the state and one observation

  private Plan plan(StudentState state, Observation observation, Instant now, String token) {
    long t = now.toEpochMilli();
    if (observation.confidence() < settings.minConfidence()) {
      return new Plan(Decision.waiting(Reason.LOW_CONFIDENCE, now), Optional.empty(), Optional.empty());
    }
    if (t < state.lastSeenMs()) {
      return new Plan(Decision.waiting(Reason.OUT_OF_ORDER, now), Optional.empty(), Optional.empty());
    }
    Emotion emotion = observation.emotion();
    StudentState.Claim claim = state.claim();
    boolean heldByOther = claim != null && claim.untilMs() > t && !claim.token().equals(token);
    // Whatever this decision writes drops its own hold and a lapsed one, and keeps another's.
    StudentState next = heldByOther ? state : state.withClaim(null);
    Optional<Outcome> outcome = Optional.empty();
    StudentState.Pending pending = state.pending();
    if (pending != null) {
      long after = t - pending.atMs();
      if (after > settings.outcomeWindow().toMillis()) {
        outcome = Optional.of(outcome(observation, pending, false, after));
        next = next.withPending(null);
      } else if (!emotion.label().equals(pending.emotion())) {
        outcome = Optional.of(outcome(observation, pending, true, after));
        next = next.withPending(null);
      } else if (!pending.seenAgain()) {
        next = next.withPending(new StudentState.Pending(pending.requestId(), pending.emotion(),
            pending.reinforcement(), pending.arcs(), pending.atMs(), true));
      }
    }
    StudentState.Episode episode = state.episode();
    if (episode != null && episode.emotion().equals(emotion.label())
        && t - episode.lastMs() <= settings.persist().toMillis()) {
      episode = new StudentState.Episode(episode.emotion(), episode.startMs(), t);
    } else {
      episode = new StudentState.Episode(emotion.label(), t, t);
    }
    next = next.withEpisode(episode, t);

    if (!settings.triggers().contains(emotion)) {
      return new Plan(new Decision(Action.WAIT, Reason.NOT_A_TRIGGER, now, Optional.empty(), Optional.empty(),
          Optional.empty(), outcome), Optional.of(next), Optional.empty());
    }
    Strategy strategy = strategy(state, emotion);
    long persistedAt = episode.startMs() + settings.persist().toMillis();
    if (t < persistedAt) {
      Instant eligible = Instant.ofEpochMilli(Math.max(persistedAt, state.cooldownUntilMs()));
      return new Plan(new Decision(Action.WAIT, Reason.PERSISTING, now, Optional.empty(), Optional.of(strategy),
          Optional.of(eligible), outcome), Optional.of(next), Optional.empty());
    }
    if (t < state.cooldownUntilMs()) {
      return new Plan(new Decision(Action.WAIT, Reason.COOLDOWN, now, Optional.empty(), Optional.of(strategy),
          Optional.of(Instant.ofEpochMilli(state.cooldownUntilMs())), outcome), Optional.of(next), Optional.empty());
    }
    if (heldByOther) {
      return new Plan(new Decision(Action.WAIT, Reason.IN_PROGRESS, now, Optional.empty(), Optional.of(strategy),
          Optional.empty(), outcome), Optional.of(next), Optional.empty());
    }
    if (outcome.isEmpty() && next.pending() != null) {
      // A new intervention closes the previous one's outcome: the emotion persisted through it.
      outcome = Optional.of(outcome(observation, next.pending(), false, t - next.pending().atMs()));
      next = next.withPending(null);
    }
    InterventionRequest request = new InterventionRequest(observation.username(), emotion, strategy.reinforcement(),
        strategy.arcs(), observation.classname(), observation.subject());
    // The decision is completed by withIntervention once the text is there.
    return new Plan(new Decision(Action.WAIT, Reason.PERSISTED, now, Optional.empty(), Optional.of(strategy),
        Optional.of(Instant.ofEpochMilli(t + settings.cooldown().toMillis())), outcome), Optional.of(next),
        Optional.of(request));
  }

  private static Plan waitInstead(Plan plan, Reason reason, Instant eligibleAt) {
    Decision planned = plan.decision();
    return new Plan(new Decision(Action.WAIT, reason, planned.at(), Optional.empty(), planned.strategy(),
        Optional.ofNullable(eligibleAt), planned.outcome()), plan.state(), Optional.empty());
  }

  private Plan withIntervention(Plan plan, StudentState before, Intervention intervention) {
    Decision planned = plan.decision();
    Strategy strategy = planned.strategy().orElseThrow();
    long t = planned.at().toEpochMilli();
    InterventionRequest request = plan.request().orElseThrow();
    StudentState after = plan.state().orElseThrow().intervened(t + settings.cooldown().toMillis(),
        request.emotion().label(), strategy.arcs().label(), intervention.text(),
        new StudentState.Pending(intervention.requestId(), request.emotion().label(),
            strategy.reinforcement().label(), strategy.arcs().label(), t, false));
    return new Plan(new Decision(Action.INTERVENE, Reason.PERSISTED, planned.at(), Optional.of(intervention),
        Optional.of(strategy), planned.eligibleAt(), planned.outcome()), Optional.of(after), plan.request());
  }

  /** The selector's strategy, with the ARCS strategy after the last one when the last intervention was for this emotion. */
  private Strategy strategy(StudentState state, Emotion emotion) {
    Strategy selected = selector.select(emotion);
    if (emotion.label().equals(state.lastEmotion()) && state.lastArcs() != null) {
      return new Strategy(selected.reinforcement(), ArcsRotation.after(ArcsStrategy.parse(state.lastArcs())));
    }
    return selected;
  }

  private static Outcome outcome(Observation observation, StudentState.Pending pending, boolean changed, long afterMs) {
    Emotion emotion = Emotion.parse(pending.emotion());
    Optional<Emotion> next = changed ? Optional.of(observation.emotion())
        : pending.seenAgain() ? Optional.of(emotion) : Optional.empty();
    return new Outcome(observation.classId(), observation.studentId(), pending.requestId(), emotion,
        new Strategy(Reinforcement.parse(pending.reinforcement()), ArcsStrategy.parse(pending.arcs())),
        Instant.ofEpochMilli(pending.atMs()), next, changed, Duration.ofMillis(afterMs));
  }

  // ---- the log

  private static PolicyRecord decisionRecord(Result result) {
    Observation observation = result.observation();
    Decision decision = result.decision();
    return new PolicyRecord(PolicyRecord.DECISION, decision.at(), observation.classId(), observation.studentId(),
        observation.username(), observation.emotion().label(), observation.confidence(),
        Optional.of(decision.action().label()), Optional.of(decision.reason().label()),
        decision.strategy().map(strategy -> strategy.reinforcement().label()),
        decision.strategy().map(strategy -> strategy.arcs().label()),
        decision.intervention().map(Intervention::requestId), decision.intervention().map(Intervention::text),
        decision.eligibleAt(), Optional.empty(), Optional.empty(), Optional.empty(), result.error());
  }

  private static PolicyRecord outcomeRecord(Observation observation, Outcome outcome) {
    return new PolicyRecord(PolicyRecord.OUTCOME, outcome.interventionAt().plus(outcome.after()), outcome.classId(),
        outcome.studentId(), observation.username(), outcome.emotion().label(), observation.confidence(),
        Optional.empty(), Optional.empty(), Optional.of(outcome.strategy().reinforcement().label()),
        Optional.of(outcome.strategy().arcs().label()), Optional.of(outcome.requestId()), Optional.empty(),
        Optional.empty(), outcome.next().map(Emotion::label), Optional.of(outcome.changed()),
        Optional.of(outcome.after().toMillis()), Optional.empty());
  }

  /** Chooses the settings, strategies, clock and log; only the store and the generator are required. */
  public static final class Builder {
    private final PolicyStore store;
    private final InterventionGenerator generator;
    private PolicySettings settings = PolicySettings.DEFAULTS;
    private StrategySelector selector = StrategySelector.standard();
    private Clock clock = Clock.systemUTC();
    private InteractionLog log;

    private Builder(PolicyStore store, InterventionGenerator generator) {
      this.store = Objects.requireNonNull(store, "store");
      this.generator = Objects.requireNonNull(generator, "generator");
    }

    /** The rules' times and limits; {@link PolicySettings#DEFAULTS} unless given. */
    public Builder settings(PolicySettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** The reinforcement and first ARCS strategy per emotion; {@link StrategySelector#standard()} unless given. */
    public Builder selector(StrategySelector selector) {
      this.selector = Objects.requireNonNull(selector, "selector");
      return this;
    }

    /** The time of observations without {@code observedAt}; the system clock unless given. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where every decision and outcome is written; none unless given. The policy does not close it. */
    public Builder log(InteractionLog log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    public InterventionPolicy build() {
      return new InterventionPolicy(this);
    }
  }
}
