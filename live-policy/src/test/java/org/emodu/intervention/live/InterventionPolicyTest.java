package org.emodu.intervention.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.Reinforcement;
import org.emodu.intervention.core.generation.StrategySelector;
import org.emodu.intervention.core.log.InteractionLog;
import org.emodu.intervention.core.log.PolicyRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterventionPolicyTest {

  /** The start of a minute, so that a class's minute runs from here. */
  private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final MemoryPolicyStore store = new MemoryPolicyStore(clock);
  private final ScriptedGenerator generator = ScriptedGenerator.numbered();

  private InterventionPolicy policy() {
    return InterventionPolicy.builder(store, generator).clock(clock).build();
  }

  private static Observation seen(String student, Emotion emotion, double confidence, long secondsAfterStart) {
    return Observation.of("XII-IPA-1", student, "Budi " + student, emotion, confidence, "XII IPA 1", "Fisika",
        T0.plusSeconds(secondsAfterStart));
  }

  private static Observation bored(String student, long secondsAfterStart) {
    return seen(student, Emotion.BORED, 0.9, secondsAfterStart);
  }

  /** Observes {@code student} bored every {@code step} seconds from {@code from} to {@code to}, both included. */
  private static List<Decision> boredEvery(InterventionPolicy policy, String student, long from, long to, long step) {
    List<Decision> decisions = new ArrayList<>();
    for (long second = from; second <= to; second += step) {
      decisions.add(policy.observe(bored(student, second)));
    }
    return decisions;
  }

  @Test
  void waitsWhilePersistingIntervenesThenWaitsInCooldownAndIntervenesAfterIt() {
    InterventionPolicy policy = policy();

    Decision first = policy.observe(bored("s1", 0));
    assertThat(first.action()).isEqualTo(Action.WAIT);
    assertThat(first.reason()).isEqualTo(Reason.PERSISTING);
    assertThat(first.eligibleAt()).contains(T0.plusSeconds(15));
    assertThat(policy.observe(bored("s1", 5)).reason()).isEqualTo(Reason.PERSISTING);
    assertThat(policy.observe(bored("s1", 10)).reason()).isEqualTo(Reason.PERSISTING);

    Decision intervened = policy.observe(bored("s1", 15));
    assertThat(intervened.action()).isEqualTo(Action.INTERVENE);
    assertThat(intervened.reason()).isEqualTo(Reason.PERSISTED);
    assertThat(intervened.intervention()).map(Intervention::text).contains("Semangat ya, teks nomor 1 😊");
    assertThat(intervened.eligibleAt()).contains(T0.plusSeconds(15 + 180));

    List<Decision> cooling = boredEvery(policy, "s1", 20, 190, 5);
    assertThat(cooling).allSatisfy(decision -> {
      assertThat(decision.reason()).isEqualTo(Reason.COOLDOWN);
      assertThat(decision.eligibleAt()).contains(T0.plusSeconds(195));
    });

    Decision again = policy.observe(bored("s1", 195));
    assertThat(again.action()).isEqualTo(Action.INTERVENE);
    assertThat(again.intervention()).map(Intervention::text).contains("Semangat ya, teks nomor 2 😊");
    assertThat(generator.calls()).isEqualTo(2);
  }

  @Test
  void neverIntervenesOnLowConfidence() {
    InterventionPolicy policy = policy();
    for (long second = 0; second <= 600; second += 3) {
      Decision decision = policy.observe(seen("s1", Emotion.BORED, 0.49, second));
      assertThat(decision.action()).isEqualTo(Action.WAIT);
      assertThat(decision.reason()).isEqualTo(Reason.LOW_CONFIDENCE);
    }
    assertThat(generator.calls()).isZero();
  }

  @Test
  void doesNotLetLowConfidenceFramesBridgeAGap() {
    InterventionPolicy policy = policy();
    policy.observe(bored("s1", 0));
    for (long second = 4; second <= 20; second += 4) {
      policy.observe(seen("s1", Emotion.BORED, 0.2, second));
    }
    // 0 s to 21 s with nothing confident in between: a new episode, which has not persisted yet.
    Decision decision = policy.observe(bored("s1", 21));
    assertThat(decision.reason()).isEqualTo(Reason.PERSISTING);
    assertThat(decision.eligibleAt()).contains(T0.plusSeconds(36));
  }

  @Test
  void startsAnewAfterAGapLongerThanThePersistenceTime() {
    InterventionPolicy policy = policy();
    policy.observe(bored("s1", 0));
    policy.observe(bored("s1", 10));
    assertThat(policy.observe(bored("s1", 26)).reason()).isEqualTo(Reason.PERSISTING);
    assertThat(policy.observe(bored("s1", 41)).action()).isEqualTo(Action.INTERVENE);
  }

  @Test
  void startsAnewWhenTheEmotionChanges() {
    InterventionPolicy policy = policy();
    policy.observe(bored("s1", 0));
    policy.observe(bored("s1", 10));
    policy.observe(seen("s1", Emotion.CONFUSED, 0.8, 12));
    assertThat(policy.observe(bored("s1", 16)).reason()).isEqualTo(Reason.PERSISTING);
  }

  @Test
  void keepsStudentsIndependent() {
    InterventionPolicy policy = policy();
    boredEvery(policy, "s1", 0, 15, 5);
    assertThat(policy.observe(bored("s1", 20)).reason()).isEqualTo(Reason.COOLDOWN);

    assertThat(policy.observe(bored("s2", 20)).reason()).isEqualTo(Reason.PERSISTING);
    assertThat(policy.observe(bored("s2", 30)).reason()).isEqualTo(Reason.PERSISTING);
    Decision second = policy.observe(bored("s2", 35));
    assertThat(second.action()).isEqualTo(Action.INTERVENE);
    assertThat(policy.observe(bored("s1", 35)).reason()).isEqualTo(Reason.COOLDOWN);
  }

  @Test
  void keepsClassesIndependent() {
    InterventionPolicy policy = policy();
    policy.observe(bored("s1", 0));
    Observation otherClass = Observation.of("XII-IPA-2", "s1", "Budi", Emotion.BORED, 0.9, "XII IPA 2", "Kimia",
        T0.plusSeconds(15));
    assertThat(policy.observe(otherClass).reason()).isEqualTo(Reason.PERSISTING);
  }

  @Test
  void givesAClassAtMostItsRateOfInterventionsAMinute() {
    InterventionPolicy policy = policy();
    for (int student = 1; student <= 8; student++) {
      policy.observe(bored("s" + student, 0));
    }
    List<Decision> atFifteen = new ArrayList<>();
    for (int student = 1; student <= 8; student++) {
      atFifteen.add(policy.observe(bored("s" + student, 15)));
    }
    assertThat(atFifteen.subList(0, 6)).allSatisfy(decision ->
        assertThat(decision.action()).isEqualTo(Action.INTERVENE));
    assertThat(atFifteen.subList(6, 8)).allSatisfy(decision -> {
      assertThat(decision.reason()).isEqualTo(Reason.CLASS_RATE);
      assertThat(decision.eligibleAt()).contains(T0.plusSeconds(60));
    });

    for (int student = 7; student <= 8; student++) {
      boredEvery(policy, "s" + student, 25, 55, 10);
    }
    assertThat(policy.observe(bored("s7", 60)).action()).isEqualTo(Action.INTERVENE);
    assertThat(policy.observe(bored("s8", 62)).action()).isEqualTo(Action.INTERVENE);
  }

  @Test
  void honoursAConfiguredClassRate() {
    InterventionPolicy policy = InterventionPolicy.builder(store, generator)
        .settings(PolicySettings.DEFAULTS.withClassRate(1)).build();
    policy.observe(bored("s1", 0));
    policy.observe(bored("s2", 0));
    assertThat(policy.observe(bored("s1", 15)).action()).isEqualTo(Action.INTERVENE);
    assertThat(policy.observe(bored("s2", 15)).reason()).isEqualTo(Reason.CLASS_RATE);
  }

  @Test
  void neverShowsAStudentTheSameTextTwice() {
    ScriptedGenerator same = ScriptedGenerator.repeating("Ayo fokus lagi, kamu pasti bisa! 💪");
    InterventionPolicy policy = InterventionPolicy.builder(store, same).build();
    boredEvery(policy, "s1", 0, 15, 5);

    boredEvery(policy, "s1", 20, 190, 10);
    Decision second = policy.observe(bored("s1", 195));
    assertThat(second.action()).isEqualTo(Action.WAIT);
    assertThat(second.reason()).isEqualTo(Reason.NO_NEW_TEXT);
    assertThat(same.calls()).isEqualTo(1 + InterventionPolicy.MAX_GENERATIONS);
  }

  @Test
  void asksAgainWhenTheGeneratorRepeatsItself() {
    ScriptedGenerator texts = ScriptedGenerator.of("Teks pertama 😊", "Teks pertama 😊", "Teks kedua 🌟");
    InterventionPolicy policy = InterventionPolicy.builder(store, texts).build();
    boredEvery(policy, "s1", 0, 190, 5);
    Decision second = policy.observe(bored("s1", 195));
    assertThat(second.intervention()).map(Intervention::text).contains("Teks kedua 🌟");
  }

  @Test
  void letsAnotherStudentBeShownATextAlreadyShownToSomeoneElse() {
    ScriptedGenerator same = ScriptedGenerator.repeating("Ayo fokus lagi! 💪");
    InterventionPolicy policy = InterventionPolicy.builder(store, same).build();
    boredEvery(policy, "s1", 0, 15, 5);
    assertThat(boredEvery(policy, "s2", 0, 15, 5).get(3).action()).isEqualTo(Action.INTERVENE);
  }

  @Test
  void triesTheArcsStrategiesInTurnWhileTheEmotionPersists() {
    InterventionPolicy policy = policy();
    List<ArcsStrategy> used = new ArrayList<>();
    for (long second = 0; second <= 5 * 195; second += 5) {
      policy.observe(bored("s1", second));
    }
    for (InterventionRequest request : generator.requests) {
      used.add(request.arcs());
      assertThat(request.reinforcement()).isEqualTo(Reinforcement.POSITIVE);
    }
    assertThat(used).startsWith(ArcsStrategy.ATTENTION, ArcsStrategy.RELEVANCE, ArcsStrategy.CONFIDENCE,
        ArcsStrategy.SATISFACTION, ArcsStrategy.ATTENTION);
  }

  @Test
  void startsTheRotationFromTheSelectorsStrategy() {
    InterventionPolicy policy = InterventionPolicy.builder(store, generator)
        .selector(StrategySelector.parse("bored=negative:confidence")).build();
    boredEvery(policy, "s1", 0, 195, 5);
    assertThat(generator.requests).extracting(InterventionRequest::arcs)
        .containsExactly(ArcsStrategy.CONFIDENCE, ArcsStrategy.SATISFACTION);
    assertThat(generator.requests).extracting(InterventionRequest::reinforcement)
        .containsOnly(Reinforcement.NEGATIVE);
  }

  @Test
  void usesTheSelectorsStrategyForAnotherEmotion() {
    InterventionPolicy policy = policy();
    boredEvery(policy, "s1", 0, 15, 5);
    for (long second = 200; second <= 215; second += 5) {
      policy.observe(seen("s1", Emotion.SAD, 0.9, second));
    }
    assertThat(generator.requests).extracting(InterventionRequest::emotion, InterventionRequest::arcs)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Emotion.BORED, ArcsStrategy.ATTENTION),
            org.assertj.core.groups.Tuple.tuple(Emotion.SAD, ArcsStrategy.CONFIDENCE));
  }

  @Test
  void asksTheGeneratorWithTheStudentsClassAndSubject() {
    InterventionPolicy policy = policy();
    boredEvery(policy, "s1", 0, 15, 5);
    InterventionRequest request = generator.requests.get(0);
    assertThat(request.username()).isEqualTo("Budi s1");
    assertThat(request.classname()).isEqualTo("XII IPA 1");
    assertThat(request.subject()).isEqualTo("Fisika");
    assertThat(request.emotion()).isEqualTo(Emotion.BORED);
  }

  @Test
  void doesNotInterveneOnNeutralByDefault() {
    InterventionPolicy policy = policy();
    for (long second = 0; second <= 60; second += 5) {
      assertThat(policy.observe(seen("s1", Emotion.NEUTRAL, 0.95, second)).reason()).isEqualTo(Reason.NOT_A_TRIGGER);
    }
    assertThat(generator.calls()).isZero();
  }

  @Test
  void recordsTheEmotionShownNextAsTheOutcome() {
    InterventionPolicy policy = policy();
    boredEvery(policy, "s1", 0, 15, 5);
    assertThat(policy.observe(bored("s1", 20)).outcome()).isEmpty();
    Decision next = policy.observe(seen("s1", Emotion.HAPPY, 0.8, 27));
    Outcome outcome = next.outcome().orElseThrow();
    assertThat(outcome.changed()).isTrue();
    assertThat(outcome.next()).contains(Emotion.HAPPY);
    assertThat(outcome.emotion()).isEqualTo(Emotion.BORED);
    assertThat(outcome.strategy().arcs()).isEqualTo(ArcsStrategy.ATTENTION);
    assertThat(outcome.after()).isEqualTo(Duration.ofSeconds(12));
    assertThat(outcome.requestId()).isEqualTo("req-1");
    assertThat(policy.observe(seen("s1", Emotion.SAD, 0.8, 30)).outcome()).isEmpty();
  }

  @Test
  void recordsAnUnchangedOutcomeOnceTheWindowHasPassed() {
    InterventionPolicy policy = policy();
    boredEvery(policy, "s1", 0, 15, 5);
    List<Decision> within = boredEvery(policy, "s1", 20, 75, 5);
    assertThat(within).allSatisfy(decision -> assertThat(decision.outcome()).isEmpty());
    Outcome outcome = policy.observe(bored("s1", 80)).outcome().orElseThrow();
    assertThat(outcome.changed()).isFalse();
    assertThat(outcome.next()).contains(Emotion.BORED);
    assertThat(outcome.after()).isEqualTo(Duration.ofSeconds(65));
  }

  @Test
  void ignoresLowConfidenceFramesForTheOutcome() {
    InterventionPolicy policy = policy();
    boredEvery(policy, "s1", 0, 15, 5);
    assertThat(policy.observe(seen("s1", Emotion.HAPPY, 0.2, 20)).outcome()).isEmpty();
    assertThat(policy.observe(seen("s1", Emotion.HAPPY, 0.7, 25)).outcome()).hasValueSatisfying(outcome ->
        assertThat(outcome.after()).isEqualTo(Duration.ofSeconds(10)));
  }

  @Test
  void takesTheTimeFromTheClockWhenAnObservationHasNone() {
    InterventionPolicy policy = policy();
    Observation untimed = new Observation("XII-IPA-1", "s1", "Budi", Emotion.BORED, 0.9, "XII IPA 1", "Fisika",
        Optional.empty());
    assertThat(policy.observe(untimed).at()).isEqualTo(T0);
    clock.advance(Duration.ofSeconds(10));
    assertThat(policy.observe(untimed).reason()).isEqualTo(Reason.PERSISTING);
    clock.advance(Duration.ofSeconds(5));
    Decision decision = policy.observe(untimed);
    assertThat(decision.action()).isEqualTo(Action.INTERVENE);
    assertThat(decision.at()).isEqualTo(T0.plusSeconds(15));
  }

  @Test
  void doesNotCountAnObservationOlderThanOneAlreadySeen() {
    InterventionPolicy policy = policy();
    policy.observe(bored("s1", 10));
    assertThat(policy.observe(bored("s1", 5)).reason()).isEqualTo(Reason.OUT_OF_ORDER);
    assertThat(policy.observe(bored("s1", 20)).reason()).isEqualTo(Reason.PERSISTING);
  }

  @Test
  void waitsWhenTheStateCannotBeRead() {
    InterventionPolicy policy = InterventionPolicy.builder(new FailingStore(true, false), generator).build();
    Decision decision = policy.observe(bored("s1", 15));
    assertThat(decision.action()).isEqualTo(Action.WAIT);
    assertThat(decision.reason()).isEqualTo(Reason.STATE_UNAVAILABLE);
    assertThat(generator.calls()).isZero();
  }

  @Test
  void waitsWhenTheStateCannotBeWrittenEvenWithATextReady() {
    FailingStore failing = new FailingStore(false, false);
    InterventionPolicy policy = InterventionPolicy.builder(failing, generator).build();
    boredEvery(policy, "s1", 0, 10, 5);
    failing.failWrites = true;
    Decision decision = policy.observe(bored("s1", 15));
    assertThat(decision.reason()).isEqualTo(Reason.STATE_UNAVAILABLE);
    assertThat(decision.intervention()).isEmpty();
  }

  @Test
  void waitsWhenTheGeneratorFailsAndIntervenesAtTheNextObservation() {
    AtomicReference<Boolean> fail = new AtomicReference<>(true);
    InterventionGenerator flaky = new InterventionGenerator() {
      @Override
      public String name() {
        return "flaky";
      }

      @Override
      public Intervention generate(InterventionRequest request) {
        if (fail.get()) {
          throw new ModelException(ModelException.Kind.TIMEOUT, "the model did not answer in time");
        }
        return generator.generate(request);
      }
    };
    InterventionPolicy policy = InterventionPolicy.builder(store, flaky).build();
    List<Decision> decisions = boredEvery(policy, "s1", 0, 15, 5);
    assertThat(decisions.get(3).reason()).isEqualTo(Reason.GENERATION_FAILED);
    fail.set(false);
    assertThat(policy.observe(bored("s1", 20)).action()).isEqualTo(Action.INTERVENE);
  }

  @Test
  void answersABatchInOrder() {
    InterventionPolicy policy = policy();
    policy.observe(bored("s1", 0));
    List<Decision> decisions = policy.observeAll(List.of(bored("s1", 15), bored("s2", 15), bored("s1", 16)));
    assertThat(decisions).extracting(Decision::reason)
        .containsExactly(Reason.PERSISTED, Reason.PERSISTING, Reason.COOLDOWN);
  }

  @Test
  void intervenesOnceWhenTwoPoliciesOnOneStoreDecideAboutOneStudentAtOnce() {
    // The second decides while the first's generation runs: it finds the first's hold and waits.
    ScriptedGenerator secondGenerator = ScriptedGenerator.numbered();
    InterventionPolicy second = InterventionPolicy.builder(store, secondGenerator).build();
    AtomicReference<Decision> secondsDecision = new AtomicReference<>();
    InterventionGenerator interleaving = new InterventionGenerator() {
      @Override
      public String name() {
        return "interleaving";
      }

      @Override
      public Intervention generate(InterventionRequest request) {
        secondsDecision.compareAndSet(null, second.observe(bored("s1", 15)));
        return generator.generate(request);
      }
    };
    InterventionPolicy first = InterventionPolicy.builder(store, interleaving).build();
    first.observe(bored("s1", 0));
    Decision firstsDecision = first.observe(bored("s1", 15));

    assertThat(secondsDecision.get().action()).isEqualTo(Action.WAIT);
    assertThat(secondsDecision.get().reason()).isEqualTo(Reason.IN_PROGRESS);
    assertThat(firstsDecision.action()).isEqualTo(Action.INTERVENE);
    assertThat(secondGenerator.calls()).isZero();
  }

  @Test
  void intervenesOnceWhenTheOtherPolicyWinsTheRaceToHoldTheStudent() {
    // The first reads, then the second decides and writes before the first writes its hold: the first
    // loses its compare-and-set, reads the second's intervention and waits in cooldown.
    ScriptedGenerator secondGenerator = ScriptedGenerator.numbered();
    InterventionPolicy second = InterventionPolicy.builder(store, secondGenerator).build();
    AtomicReference<Decision> secondsDecision = new AtomicReference<>();
    PolicyStore interleaving = new PolicyStore() {
      @Override
      public Optional<Versioned> read(String key) {
        return store.read(key);
      }

      @Override
      public boolean compareAndSet(String key, long expectedVersion, byte[] value, Duration ttl) {
        if (secondsDecision.get() == null && new String(value, java.nio.charset.StandardCharsets.UTF_8)
            .contains("\"claim\"")) {
          secondsDecision.set(second.observe(bored("s1", 15)));
        }
        return store.compareAndSet(key, expectedVersion, value, ttl);
      }

      @Override
      public boolean tryAcquire(String key, Instant at, Duration window, int limit) {
        return store.tryAcquire(key, at, window, limit);
      }

      @Override
      public boolean available() {
        return true;
      }

      @Override
      public void close() {}
    };
    InterventionPolicy first = InterventionPolicy.builder(interleaving, generator).build();
    first.observe(bored("s1", 0));
    Decision firstsDecision = first.observe(bored("s1", 15));

    assertThat(secondsDecision.get().action()).isEqualTo(Action.INTERVENE);
    assertThat(firstsDecision.action()).isEqualTo(Action.WAIT);
    assertThat(firstsDecision.reason()).isEqualTo(Reason.COOLDOWN);
    assertThat(generator.calls()).isZero();
  }

  @Test
  void letsOtherFramesWaitWhileAGenerationIsPendingAndLetsAnAbandonedHoldLapse() {
    CompletableFuture<Intervention> never = new CompletableFuture<>();
    InterventionGenerator hanging = new InterventionGenerator() {
      @Override
      public String name() {
        return "hanging";
      }

      @Override
      public Intervention generate(InterventionRequest request) {
        return never.join();
      }

      @Override
      public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
        return never;
      }
    };
    InterventionPolicy stuck = InterventionPolicy.builder(store, hanging).build();
    stuck.observe(bored("s1", 0));
    CompletableFuture<Decision> pending = stuck.observeAsync(bored("s1", 15));
    assertThat(pending).isNotDone();

    InterventionPolicy policy = policy();
    assertThat(boredEvery(policy, "s1", 20, 40, 5)).extracting(Decision::reason).containsOnly(Reason.IN_PROGRESS);
    Decision afterLapse = policy.observe(bored("s1", 45));
    assertThat(afterLapse.action()).isEqualTo(Action.INTERVENE);
    assertThat(generator.calls()).isEqualTo(1);
  }

  @Test
  void intervenesOnceWhenManyThreadsDecideAboutOneStudentAtOnce() throws Exception {
    InterventionPolicy policy = policy();
    policy.observe(bored("s1", 0));
    List<Decision> decisions = PolicyStoreContract.race(16, thread -> policy.observe(bored("s1", 15)));
    assertThat(decisions.stream().filter(Decision::intervenes)).hasSize(1);
    assertThat(decisions).filteredOn(decision -> !decision.intervenes())
        .extracting(Decision::reason).isSubsetOf(Reason.COOLDOWN, Reason.IN_PROGRESS);
    assertThat(generator.calls()).isEqualTo(1);
  }

  @Test
  void intervenesOnceForEachStudentWhenThreadsRaceAcrossAClass() throws Exception {
    InterventionPolicy policy = InterventionPolicy.builder(store, generator)
        .settings(PolicySettings.DEFAULTS.withClassRate(100)).build();
    for (int student = 0; student < 8; student++) {
      policy.observe(bored("s" + student, 0));
    }
    List<Decision> decisions = PolicyStoreContract.race(32, thread -> policy.observe(bored("s" + thread % 8, 15)));
    assertThat(decisions.stream().filter(Decision::intervenes)).hasSize(8);
  }

  @Test
  void writesEveryDecisionAndOutcomeToTheInteractionLog(@TempDir Path directory) {
    Path file = directory.resolve("interactions.jsonl");
    try (InteractionLog log = InteractionLog.open(file)) {
      InterventionPolicy policy = InterventionPolicy.builder(store, generator).log(log).build();
      boredEvery(policy, "s1", 0, 15, 5);
      policy.observe(seen("s1", Emotion.HAPPY, 0.4, 18));
      policy.observe(seen("s1", Emotion.HAPPY, 0.9, 20));
    }
    List<PolicyRecord> records = InteractionLog.readPolicy(file);
    assertThat(records).filteredOn(PolicyRecord::isDecision).extracting(r -> r.action().orElseThrow() + "/"
        + r.reason().orElseThrow())
        .containsExactly("wait/persisting", "wait/persisting", "wait/persisting", "intervene/persisted",
            "wait/low-confidence", "wait/persisting");
    PolicyRecord intervened = records.get(3);
    assertThat(intervened.text()).contains("Semangat ya, teks nomor 1 😊");
    assertThat(intervened.arcs()).contains("attention");
    assertThat(intervened.requestId()).contains("req-1");
    assertThat(intervened.classId()).isEqualTo("XII-IPA-1");
    PolicyRecord outcome = records.get(records.size() - 1);
    assertThat(outcome.kind()).isEqualTo(PolicyRecord.OUTCOME);
    assertThat(outcome.nextEmotion()).contains("happy");
    assertThat(outcome.changed()).contains(true);
    assertThat(outcome.afterMs()).contains(5000L);
    assertThat(outcome.requestId()).contains("req-1");
    assertThat(InteractionLog.read(file)).isEmpty();
  }

  @Test
  void keepsAStudentsStateUnderItsKeyForTheSession() {
    InterventionPolicy policy = policy();
    policy.observe(bored("s1", 0));
    String key = PolicyKeys.student("XII-IPA-1", "s1");
    assertThat(store.timeToLive(key)).contains(PolicySettings.DEFAULTS.session());
    clock.advance(PolicySettings.DEFAULTS.session());
    assertThat(store.read(key)).isEmpty();
  }

  @Test
  void startsAfreshOverStateItCannotRead() {
    String key = PolicyKeys.student("XII-IPA-1", "s1");
    store.compareAndSet(key, 0, "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8), Duration.ofHours(1));
    InterventionPolicy policy = policy();
    assertThat(policy.observe(bored("s1", 0)).reason()).isEqualTo(Reason.PERSISTING);
    assertThat(policy.observe(bored("s1", 15)).action()).isEqualTo(Action.INTERVENE);
  }

  @Test
  void answersAsynchronouslyWithoutFailingTheFuture() {
    InterventionGenerator failing = new InterventionGenerator() {
      @Override
      public String name() {
        return "failing";
      }

      @Override
      public Intervention generate(InterventionRequest request) {
        throw new IllegalStateException("boom");
      }

      @Override
      public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
        return CompletableFuture.failedFuture(new IllegalStateException("boom"));
      }
    };
    InterventionPolicy policy = InterventionPolicy.builder(store, failing).build();
    policy.observe(bored("s1", 0));
    assertThat(policy.observeAsync(bored("s1", 15)).join().reason()).isEqualTo(Reason.GENERATION_FAILED);
  }

  /** A store that fails on reads or writes, as one that cannot be reached does. */
  private static final class FailingStore implements PolicyStore {
    private final MemoryPolicyStore inner = new MemoryPolicyStore();
    private final boolean failReads;
    volatile boolean failWrites;

    FailingStore(boolean failReads, boolean failWrites) {
      this.failReads = failReads;
      this.failWrites = failWrites;
    }

    @Override
    public Optional<Versioned> read(String key) {
      if (failReads) {
        throw new StateUnavailableException("connection refused", null);
      }
      return inner.read(key);
    }

    @Override
    public boolean compareAndSet(String key, long expectedVersion, byte[] value, Duration ttl) {
      if (failWrites) {
        throw new StateUnavailableException("connection reset", null);
      }
      return inner.compareAndSet(key, expectedVersion, value, ttl);
    }

    @Override
    public boolean tryAcquire(String key, Instant at, Duration window, int limit) {
      return inner.tryAcquire(key, at, window, limit);
    }

    @Override
    public boolean available() {
      return !failReads && !failWrites;
    }

    @Override
    public void close() {}
  }
}
