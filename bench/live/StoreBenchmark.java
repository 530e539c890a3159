import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.Map;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Generators;
import org.emodu.intervention.core.OpenedGenerator;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.live.InterventionPolicy;
import org.emodu.intervention.live.MemoryPolicyStore;
import org.emodu.intervention.live.Observation;
import org.emodu.intervention.live.PolicySettings;
import org.emodu.intervention.live.PolicyStore;
import org.emodu.intervention.live.redis.RedisPolicyStore;

/**
 * The live-class state's throughput: decisions a second against {@link MemoryPolicyStore} and
 * {@link RedisPolicyStore}, for a class of 40 students and for 1,000 students at once (25 classes
 * of 40). A decision is what the policy asks its store for one observation: a read of the
 * student's state, a compare-and-set of the new state (a 200-byte value, retried from a fresh read
 * when another writer came first), and, for one decision in ten (the interventions), a permit from
 * the class's budget window. Each student is a thread of its own up to 200 threads (a server's
 * request threads); past that, each thread takes turns among its students.
 *
 * <p>Then the same through the policy itself ({@link InterventionPolicy#observe}, the offline
 * generator writing the texts): each student's observations are of boredom at 0.9 confidence, two
 * seconds apart in observation time, so most are answered wait (persisting, then cooldown) and one
 * in about ninety intervenes, the class budget permitting.
 *
 * <pre>java -cp cli/target/intervensi.jar bench/live/StoreBenchmark.java REDIS_URI [SECONDS=5] [RUNS=3] [STUDENTS=40,1000]</pre>
 *
 * Run by bench/live/run.sh, which starts a redis-server of its own and runs redis-benchmark beside
 * this program. Prints one line per run and the median of the runs per scenario and store, with
 * Redis's figure as a ratio of memory's.
 */
public final class StoreBenchmark {

  private static final int MAX_THREADS = 200;
  private static final int CLASS_SIZE = 40;
  private static final Duration TTL = Duration.ofHours(2);
  private static final Duration WINDOW = Duration.ofMinutes(1);

  public static void main(String[] args) throws Exception {
    String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int[] scenarios = Arrays.stream((args.length > 3 ? args[3] : "40,1000").split(","))
        .mapToInt(Integer::parseInt).toArray();
    System.out.printf(Locale.ROOT, "machine: %d cores, Java %s (%s)%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), System.getProperty("java.vm.name"));
    System.out.printf(Locale.ROOT, "%d s a run after 2 s of warm-up, %d runs; a decision = read + compareAndSet"
        + " (+ tryAcquire for 1 in 10)%n", seconds, runs);

    List<String> summary = new ArrayList<>();
    for (int students : scenarios) {
      double memory = median(runs, () -> run("memory", new MemoryPolicyStore(), students, seconds));
      double redis = median(runs, () -> run("redis", RedisPolicyStore.open(uri, Duration.ofSeconds(2)), students,
          seconds));
      summary.add(String.format(Locale.ROOT, "store ops  %5d students | memory %,10.0f decisions/s | redis %,9.0f"
          + " decisions/s (%,9.0f store ops/s) | redis/memory %.3f", students, memory, redis, redis * 2.1,
          redis / memory));
    }
    try (OpenedGenerator offline = Generators.builder(Settings.of(Map.of())).profile(Profile.OFFLINE).seed(7).open()) {
      for (int students : scenarios) {
        double memory = median(runs, () -> runPolicy("memory", new MemoryPolicyStore(), offline, students, seconds));
        double redis = median(runs, () -> runPolicy("redis", RedisPolicyStore.open(uri, Duration.ofSeconds(2)),
            offline, students, seconds));
        summary.add(String.format(Locale.ROOT, "policy     %5d students | memory %,10.0f decisions/s | redis %,9.0f"
            + " decisions/s | redis/memory %.3f", students, memory, redis, redis / memory));
      }
    }
    System.out.println();
    System.out.println("medians:");
    summary.forEach(System.out::println);
  }

  private interface Run {
    double decisionsPerSecond() throws Exception;
  }

  private static double median(int runs, Run run) throws Exception {
    double[] figures = new double[runs];
    for (int i = 0; i < runs; i++) {
      figures[i] = run.decisionsPerSecond();
    }
    Arrays.sort(figures);
    return runs % 2 == 1 ? figures[runs / 2] : (figures[runs / 2 - 1] + figures[runs / 2]) / 2;
  }

  /** Decisions a second of the policy over {@code store}, each thread observing its students in turn. */
  private static double runPolicy(String name, PolicyStore store, OpenedGenerator offline, int students, int seconds)
      throws Exception {
    try (store) {
      InterventionPolicy policy = InterventionPolicy.builder(store, offline.generator())
          .settings(PolicySettings.DEFAULTS)
          .selector(offline.strategySelector())
          .build();
      String run = Long.toString(System.nanoTime(), 36);
      Instant start = Instant.parse("2026-01-05T01:00:00Z");
      int threads = Math.min(students, MAX_THREADS);
      LongAdder decisions = new LongAdder();
      LongAdder interventions = new LongAdder();
      AtomicBoolean counting = new AtomicBoolean();
      AtomicBoolean running = new AtomicBoolean(true);
      CountDownLatch done = new CountDownLatch(threads);
      for (int thread = 0; thread < threads; thread++) {
        int first = thread;
        Thread worker = new Thread(() -> {
          try {
            int mine = (students - first + threads - 1) / threads;
            long[] frames = new long[mine];
            for (long step = 0; running.get(); step++) {
              int index = (int) (step % mine);
              int student = first + index * threads;
              Instant at = start.plusSeconds(2 * frames[index]++);
              Observation observation = Observation.of(run + "-class" + student / CLASS_SIZE, "s" + student,
                  "Budi", Emotion.BORED, 0.9, "XII IPA 1", "Fisika", at);
              boolean intervened = policy.observe(observation).intervenes();
              if (counting.get()) {
                decisions.increment();
                if (intervened) {
                  interventions.increment();
                }
              }
            }
          } finally {
            done.countDown();
          }
        }, "student-" + thread);
        worker.setDaemon(true);
        worker.start();
      }
      Thread.sleep(2_000);
      counting.set(true);
      long begin = System.nanoTime();
      Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
      counting.set(false);
      long elapsed = System.nanoTime() - begin;
      running.set(false);
      done.await(30, TimeUnit.SECONDS);
      double perSecond = decisions.sum() / (elapsed / 1e9);
      System.out.printf(Locale.ROOT, "  policy over %-6s %5d students, %3d threads: %,10.0f decisions/s (%d intervene)%n",
          name, students, threads, perSecond, interventions.sum());
      return perSecond;
    }
  }

  private static double run(String name, PolicyStore store, int students, int seconds) throws Exception {
    try (store) {
      String prefix = "intervensi:bench:" + System.nanoTime() + ":";
      int threads = Math.min(students, MAX_THREADS);
      LongAdder decisions = new LongAdder();
      LongAdder retries = new LongAdder();
      AtomicBoolean counting = new AtomicBoolean();
      AtomicBoolean running = new AtomicBoolean(true);
      CountDownLatch done = new CountDownLatch(threads);
      byte[] value = new byte[200];
      Arrays.fill(value, (byte) 'x');
      for (int thread = 0; thread < threads; thread++) {
        int first = thread;
        Thread worker = new Thread(() -> {
          try {
            long step = 0;
            while (running.get()) {
              // This thread's students: first, first + threads, first + 2 * threads, ...
              int student = (int) (first + (step % ((students - first + threads - 1) / threads)) * threads);
              step++;
              String studentKey = prefix + "class" + student / CLASS_SIZE + ":student" + student;
              while (true) {
                Optional<PolicyStore.Versioned> state = store.read(studentKey);
                long version = state.map(PolicyStore.Versioned::version).orElse(0L);
                if (store.compareAndSet(studentKey, version, value, TTL)) {
                  break;
                }
                retries.increment();
              }
              if (ThreadLocalRandom.current().nextInt(10) == 0) {
                store.tryAcquire(prefix + "class" + student / CLASS_SIZE, Instant.now(), WINDOW, 1_000_000);
              }
              if (counting.get()) {
                decisions.increment();
              }
            }
          } finally {
            done.countDown();
          }
        }, "student-" + thread);
        worker.setDaemon(true);
        worker.start();
      }
      Thread.sleep(2_000);
      counting.set(true);
      long start = System.nanoTime();
      Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
      counting.set(false);
      long elapsed = System.nanoTime() - start;
      running.set(false);
      done.await(30, TimeUnit.SECONDS);
      double perSecond = decisions.sum() / (elapsed / 1e9);
      System.out.printf(Locale.ROOT, "  %-6s %5d students, %3d threads: %,10.0f decisions/s (%d compare-and-set retries)%n",
          name, students, threads, perSecond, retries.sum());
      return perSecond;
    }
  }
}
