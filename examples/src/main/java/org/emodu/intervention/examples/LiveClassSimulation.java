package org.emodu.intervention.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Generators;
import org.emodu.intervention.core.OpenedGenerator;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.live.Decision;
import org.emodu.intervention.live.InterventionPolicy;
import org.emodu.intervention.live.MemoryPolicyStore;
import org.emodu.intervention.live.Observation;
import org.emodu.intervention.live.Outcome;
import org.emodu.intervention.live.PolicySettings;

/**
 * A simulated live class of 30 students watched by an emotion recogniser for eight minutes, one
 * frame every 2 seconds, fed to the live-class policy embedded as a library: it prints every
 * intervention as it is decided and, at the end, the outcome per ARCS strategy. Offline (the
 * built-in exemplars), with a fixed seed and a simulated clock, so every run prints the same and
 * takes a moment.
 *
 * <p>The students are a toy model, not data: each drifts between emotions, and an intervention
 * makes leaving a bored, confused or frustrated state a little likelier, more so for some
 * strategies than others. The numbers show what the policy records; they say nothing about real
 * students.
 *
 * <p>Run: {@code mvn -q -pl examples -am package -DskipTests && java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" org.emodu.intervention.examples.LiveClassSimulation}
 */
public final class LiveClassSimulation {

  private static final Instant START = Instant.parse("2026-01-05T01:00:00Z");
  private static final Duration FRAME = Duration.ofSeconds(2);
  private static final Duration LENGTH = Duration.ofMinutes(8);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.ofHours(7));

  private static final List<String> NAMES = List.of("Budi", "Sari", "Andi", "Dewi", "Rizky", "Putri", "Agus", "Fitri",
      "Dimas", "Ayu", "Bayu", "Nadia", "Eko", "Intan", "Fajar", "Maya", "Gilang", "Rina", "Hendra", "Tika", "Joko",
      "Wulan", "Kevin", "Lestari", "Yoga", "Citra", "Rafi", "Indah", "Taufik", "Nisa");

  /** Emotions a simulated student drifts into, with their weights. */
  private static final Map<Emotion, Integer> DRIFT = Map.of(
      Emotion.NEUTRAL, 50, Emotion.HAPPY, 14, Emotion.BORED, 14, Emotion.CONFUSED, 10, Emotion.FRUSTRATED, 4,
      Emotion.SURPRISE, 4, Emotion.SAD, 4);

  /** How much each strategy (in this toy model) raises the chance of leaving a negative state a frame. */
  private static final Map<ArcsStrategy, Double> EFFECT = Map.of(
      ArcsStrategy.ATTENTION, 0.10, ArcsStrategy.RELEVANCE, 0.06, ArcsStrategy.CONFIDENCE, 0.12,
      ArcsStrategy.SATISFACTION, 0.05);

  private LiveClassSimulation() {}

  public static void main(String[] args) {
    Random random = new Random(20260105L);
    SimulatedClock clock = new SimulatedClock(START);
    try (OpenedGenerator offline = Generators.builder(Settings.of(Map.of())).profile(Profile.OFFLINE).seed(7).open();
        MemoryPolicyStore store = new MemoryPolicyStore(clock)) {
      InterventionPolicy policy = InterventionPolicy.builder(store, offline.generator())
          .settings(PolicySettings.DEFAULTS) // persist 15 s, confidence 0.5, cooldown 3 min, 6 a minute per class
          .selector(offline.strategySelector())
          .clock(clock)
          .build();

      List<Student> students = new ArrayList<>();
      for (int i = 0; i < NAMES.size(); i++) {
        students.add(new Student(String.format("s%02d", i + 1), NAMES.get(i), random));
      }
      Map<ArcsStrategy, Tally> tallies = new TreeMap<>();
      Map<String, Integer> reasons = new TreeMap<>();
      int interventions = 0;

      for (Instant now = START; now.isBefore(START.plus(LENGTH)); now = now.plus(FRAME)) {
        clock.set(now);
        for (Student student : students) {
          student.step(random);
          Observation observation = Observation.of("XII-IPA-1", student.id, student.name, student.seen(random),
              student.confidence(random), "XII IPA 1", "Fisika", now);
          Decision decision = policy.observe(observation);
          reasons.merge(decision.action().label() + "/" + decision.reason().label(), 1, Integer::sum);
          decision.outcome().ifPresent(outcome ->
              tallies.computeIfAbsent(outcome.strategy().arcs(), unused -> new Tally()).add(outcome));
          if (decision.intervenes()) {
            interventions++;
            ArcsStrategy arcs = decision.strategy().orElseThrow().arcs();
            student.helped(EFFECT.get(arcs));
            System.out.printf("%s  %-8s %-10s %-22s %s%n", TIME.format(now), student.name,
                observation.emotion().label(), decision.strategy().orElseThrow(),
                decision.intervention().orElseThrow().text());
          }
        }
      }

      System.out.printf("%n%d interventions for %d students in %d minutes%n", interventions, students.size(),
          LENGTH.toMinutes());
      System.out.println("decisions: " + reasons);
      System.out.printf("%n%-13s %13s %9s %22s%n", "strategy", "outcomes", "changed", "mean time to change");
      tallies.forEach((arcs, tally) -> System.out.printf("%-13s %13d %8.0f%% %20.1f s%n", arcs.label(),
          tally.outcomes, 100.0 * tally.changed / tally.outcomes, tally.meanSecondsToChange()));
      System.out.println("(a toy model of students: the figures show what the policy records, not how students respond)");
    }
  }

  /** A simulated student: an emotion that drifts, seen through a noisy recogniser. */
  private static final class Student {
    final String id;
    final String name;
    Emotion feeling;
    double helped;

    Student(String id, String name, Random random) {
      this.id = id;
      this.name = name;
      this.feeling = drift(random);
    }

    void step(Random random) {
      boolean negative = feeling == Emotion.BORED || feeling == Emotion.CONFUSED || feeling == Emotion.FRUSTRATED;
      double leave = negative ? 0.02 + helped : 0.06;
      if (random.nextDouble() < leave) {
        feeling = drift(random);
        helped = 0;
      }
    }

    void helped(double effect) {
      helped = effect;
    }

    /** What the recogniser reports: mostly the true emotion, sometimes a wrong one. */
    Emotion seen(Random random) {
      return random.nextDouble() < 0.04 ? drift(random) : feeling;
    }

    double confidence(Random random) {
      return Math.round((0.3 + 0.7 * random.nextDouble()) * 100) / 100.0;
    }

    private static Emotion drift(Random random) {
      int total = DRIFT.values().stream().mapToInt(Integer::intValue).sum();
      int pick = random.nextInt(total);
      for (Emotion emotion : new TreeMap<>(DRIFT).keySet()) {
        pick -= DRIFT.get(emotion);
        if (pick < 0) {
          return emotion;
        }
      }
      return Emotion.NEUTRAL;
    }
  }

  /** Outcomes of one strategy. */
  private static final class Tally {
    int outcomes;
    int changed;
    long millisToChange;

    void add(Outcome outcome) {
      outcomes++;
      if (outcome.changed()) {
        changed++;
        millisToChange += outcome.after().toMillis();
      }
    }

    double meanSecondsToChange() {
      return changed == 0 ? Double.NaN : millisToChange / 1000.0 / changed;
    }
  }

  /** A clock the simulation moves frame by frame, so that the store's expiry follows simulated time. */
  private static final class SimulatedClock extends Clock {
    private Instant now;

    SimulatedClock(Instant start) {
      this.now = start;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
