package org.emodu.intervention.dataset;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A {@link ProgressListener} that draws a progress bar on a stream, normally standard error so
 * that results on standard output stay clean. Thread-safe.
 */
public final class ConsoleProgress implements ProgressListener {

  private final PrintStream stream;
  private ProgressBar bar;

  public ConsoleProgress(PrintStream stream) {
    this.stream = stream;
  }

  /** A progress bar on standard error. */
  public static ConsoleProgress onStandardError() {
    return new ConsoleProgress(System.err);
  }

  @Override
  public synchronized void start(String task, long total) {
    finish();
    bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(stream))
        .build();
  }

  @Override
  public synchronized void step(String status) {
    if (bar != null) {
      bar.step();
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
}
