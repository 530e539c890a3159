import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * How punctual this machine is for a server that waits out a deadline: how late a JDK timeout of
 * the given length completes ({@code CompletableFuture.orTimeout}, what the fallback's deadline
 * uses), and how long a few microseconds of work take when they come after that much idleness.
 * Scenario (d) of bench/http/run.sh prints these beside its figures. Run with
 * {@code java bench/http/TimerProbe.java 3000}.
 */
public final class TimerProbe {

  private static long sink;

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
    double[] lateMs = new double[rounds];
    double[] busyAfterIdleUs = new double[rounds];
    double[] busyWarmUs = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      try {
        new CompletableFuture<Void>().orTimeout(waitMs, TimeUnit.MILLISECONDS).get();
      } catch (ExecutionException expected) {
        // the timeout: what is measured
      }
      lateMs[round] = (System.nanoTime() - start) / 1e6 - waitMs;
      long before = System.nanoTime();
      sink += work(data);
      busyAfterIdleUs[round] = (System.nanoTime() - before) / 1e3;
      before = System.nanoTime();
      sink += work(data);
      busyWarmUs[round] = (System.nanoTime() - before) / 1e3;
    }
    System.out.printf("a %d ms timeout completes %.1f ms late (median of %d); the same few microseconds of work take"
        + " %.0f us right after that idle wait and %.0f us once running (medians)%n",
        waitMs, median(lateMs), rounds, median(busyAfterIdleUs), median(busyWarmUs));
    if (sink == 42) {
      System.out.println();
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
