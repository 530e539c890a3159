import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.generation.DeadlineGenerator;

/**
 * How punctual this machine is for a server that waits out a deadline: how late a JDK timeout of
 * the given length completes ({@code CompletableFuture.orTimeout}, one long sleep), how late the
 * core's deadlines complete (what the fallback's and the {@link DeadlineGenerator}'s deadline use:
 * shorter and shorter sleeps; measured through a {@code DeadlineGenerator} around a generator that
 * never answers, failing the late answer on the deadlines' own thread), and how long a few
 * microseconds of work take when they come after that much idleness. Both lateness figures are
 * taken on the timer's own thread, before any waiting thread wakes.
 * Scenario (d) of bench/http/run.sh prints these beside its figures. Run with
 * {@code java -cp cli/target/intervensi.jar bench/http/TimerProbe.java 3000}.
 */
public final class TimerProbe {

  private static long sink;

  private static final InterventionRequest REQUEST = InterventionRequest.builder()
      .username("Budi").emotion("bosan").classname("XII-IPA-1").subject("Fisika").build();

  /** A model whose answer never comes. */
  private static final class NeverAnswers implements InterventionGenerator {
    @Override
    public String name() {
      return "never";
    }

    @Override
    public Intervention generate(InterventionRequest request) {
      throw new IllegalStateException("only asynchronous");
    }

    @Override
    public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
      return new CompletableFuture<>();
    }
  }

  public static void main(String[] args) throws Exception {
    long waitMs = args.length > 0 ? Long.parseLong(args[0]) : 3000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int[] data = new int[20_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = i;
    }
    for (int i = 0; i < 20_000; i++) {
      sink += work(data);
    }
    // Failed on the deadlines' own thread (Runnable::run), as the JDK's timeout fails on its own.
    InterventionGenerator deadlines =
        new DeadlineGenerator(new NeverAnswers(), Duration.ofMillis(waitMs), Runnable::run);
    double[] lateMs = new double[rounds];
    double[] steppedLateMs = new double[rounds];
    double[] busyAfterIdleUs = new double[rounds];
    double[] busyWarmUs = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      lateMs[round] = firedAfterMs(new CompletableFuture<Void>().orTimeout(waitMs, TimeUnit.MILLISECONDS), start) - waitMs;
      start = System.nanoTime();
      steppedLateMs[round] = firedAfterMs(deadlines.generateAsync(REQUEST), start) - waitMs;
      long before = System.nanoTime();
      sink += work(data);
      busyAfterIdleUs[round] = (System.nanoTime() - before) / 1e3;
      before = System.nanoTime();
      sink += work(data);
      busyWarmUs[round] = (System.nanoTime() - before) / 1e3;
    }
    System.out.printf("a %d ms JDK timeout completes %.1f ms late, the deadlines' %.1f ms late (medians of %d);"
        + " the same few microseconds of work take %.0f us right after that idle wait and %.0f us once running (medians)%n",
        waitMs, median(lateMs), median(steppedLateMs), rounds, median(busyAfterIdleUs), median(busyWarmUs));
    if (sink == 42) {
      System.out.println();
    }
  }

  /** When the timeout fired, measured on the thread that fired it. */
  private static double firedAfterMs(CompletableFuture<?> timeout, long start) throws InterruptedException {
    CompletableFuture<Long> fired = timeout.handle((value, error) -> System.nanoTime());
    try {
      return (fired.get() - start) / 1e6;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private static long work(int[] data) {
    long sum = 0;
    for (int value : data) {
      sum += value * 31L;
    }
    return sum;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
