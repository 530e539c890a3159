package org.emodu.intervention.finetune;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.emodu.intervention.core.internal.Text;

/**
 * A {@link FollowListener} for a terminal: events go to {@code out}, one line each
 * ({@code 2024-11-27T09:30:10Z info  Step 1/384: training loss=2.73}); status changes, connection
 * trouble and a progress bar of training steps go to {@code err}. Close it when following ends, to
 * finish the bar's line.
 */
public final class ConsoleFollower implements FollowListener, AutoCloseable {

  private static final int BAR_WIDTH = 100;

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean showProgress;
  private ProgressBar bar;

  /**
   * @param showProgress whether to draw the progress bar; off for logs and pipes that only want lines
   */
  public ConsoleFollower(PrintWriter out, PrintWriter err, boolean showProgress) {
    this.out = out;
    this.err = err;
    this.showProgress = showProgress;
  }

  @Override
  public void status(JobSnapshot job) {
    clearBar();
    StringBuilder line = new StringBuilder("intervensi: ").append(job.id()).append(" status: ").append(job.statusLabel());
    job.estimatedFinish().filter(finish -> !job.status().terminal())
        .ifPresent(finish -> line.append(" (estimated to finish at ").append(finish.truncatedTo(ChronoUnit.SECONDS)).append(')'));
    err.println(line);
    err.flush();
  }

  @Override
  public void event(JobEvent event) {
    clearBar();
    out.println(line(event));
    out.flush();
  }

  @Override
  public void progress(long step, long totalSteps) {
    if (!showProgress) {
      return;
    }
    if (bar == null) {
      bar = new ProgressBarBuilder()
          .setTaskName("training")
          .setInitialMax(totalSteps)
          .setUnit(" steps", 1)
          .setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(1_000)
          .setConsumer(new DelegatingProgressBarConsumer(this::drawBar, BAR_WIDTH))
          .build();
    }
    if (bar.getMax() != totalSteps) {
      bar.maxHint(totalSteps);
    }
    bar.stepTo(step);
  }

  @Override
  public void unreachable(String problem, Duration retryIn) {
    clearBar();
    err.println("intervensi: " + problem + "; asking again in " + Durations.words(retryIn));
    err.flush();
  }

  /** Finishes the progress bar's line. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
      err.println();
      err.flush();
    }
  }

  /** One event as a line: time, level, message. */
  static String line(JobEvent event) {
    return event.createdAt().truncatedTo(ChronoUnit.SECONDS) + " " + String.format("%-5s", event.level()) + " "
        + Text.singleLine(event.message());
  }

  private void drawBar(String rendered) {
    synchronized (err) {
      err.print('\r');
      err.print(rendered);
      err.flush();
    }
  }

  /** Wipes the bar's line so that a message does not start in the middle of it; the bar redraws itself. */
  private void clearBar() {
    if (bar != null) {
      synchronized (err) {
        err.print('\r');
        err.print(" ".repeat(BAR_WIDTH));
        err.print('\r');
        err.flush();
      }
    }
  }
}
