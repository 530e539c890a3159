package org.emodu.intervention.cli;

import java.io.PrintStream;
import java.util.Objects;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.emodu.intervention.core.Progress;

/**
 * A {@link Progress} drawn as a text progress bar on a stream, normally standard error so that
 * results on standard output stay clean; one bar for each {@link #start}, ended by {@link #finish}
 * or {@link #close}.
 *
 * <p>It draws with the {@code me.tongfei:progressbar} library, a dependency of the command line's
 * own: the core and the tools report to a {@link Progress} and leave the drawing to their caller.
 */
final class ConsoleProgress implements Progress, AutoCloseable {

  private final PrintStream stream;
  private final String unit;
  private ProgressBar bar;

  /** Bars on {@code stream}, counting steps. */
  ConsoleProgress(PrintStream stream) {
    this(stream, "");
  }

  /** Bars on {@code stream}, counting in {@code unit} (such as {@code " sentences"}, with its space). */
  ConsoleProgress(PrintStream stream, String unit) {
    this.stream = Objects.requireNonNull(stream, "stream");
    this.unit = Objects.requireNonNull(unit, "unit");
  }

  /** Bars on standard error, counting steps. */
  static ConsoleProgress onStandardError() {
    return new ConsoleProgress(System.err);
  }

  @Override
  public synchronized void start(String task, long total, long alreadyDone) {
    finish();
    bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(unit, 1)
        .setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(stream))
        .build();
    if (alreadyDone > 0) {
      bar.stepTo(alreadyDone);
      bar.setExtraMessage(alreadyDone + " from an earlier run");
    }
  }

  @Override
  public synchronized void step(long count, String status) {
    if (bar != null) {
      bar.stepBy(count);
      bar.setExtraMessage(status);
    }
  }

  @Override
  public synchronized void finish() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  @Override
  public void close() {
    finish();
  }
}
