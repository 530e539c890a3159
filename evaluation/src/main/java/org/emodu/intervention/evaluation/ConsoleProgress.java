package org.emodu.intervention.evaluation;

import java.io.PrintStream;
import java.util.Objects;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A {@link ScoringProgress} drawn as a text progress bar on a console stream (stderr, so results on
 * stdout stay clean), for command lines and programs that score long files. Close it when the work
 * is done to end the bar's line.
 */
public final class ConsoleProgress implements ScoringProgress, AutoCloseable {

  private final String task;
  private final PrintStream stream;
  private ProgressBar bar;

  /** A bar named {@code task} on {@code stream}; it appears with the first report. */
  public ConsoleProgress(String task, PrintStream stream) {
    this.task = Objects.requireNonNull(task, "task");
    this.stream = Objects.requireNonNull(stream, "stream");
  }

  @Override
  public synchronized void advanced(long done, long total) {
    if (bar == null) {
      bar = new ProgressBarBuilder()
          .setTaskName(task)
          .setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII)
          .setUnit(" sentences", 1)
          .setConsumer(new ConsoleProgressBarConsumer(stream))
          .build();
    }
    bar.maxHint(total);
    bar.stepTo(done);
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
