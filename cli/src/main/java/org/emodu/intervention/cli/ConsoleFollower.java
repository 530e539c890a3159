package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.emodu.intervention.core.internal.Text;
import org.emodu.intervention.finetune.Durations;
import org.emodu.intervention.finetune.FollowListener;
import org.emodu.intervention.finetune.JobEvent;
import org.emodu.intervention.finetune.JobSnapshot;
import org.emodu.intervention.finetune.JobStatus;

/**
 * The {@link FollowListener} of {@code finetune follow}: events go to {@code out}, one line each
 * ({@code 2024-11-27T09:30:10Z info  Step 1/384: training loss=2.73}); status changes, connection
 * trouble and a progress bar of training steps (a {@link ConsoleProgress}) go to {@code err}. Close
 * it when following ends, to finish the bar's line.
 */
final class ConsoleFollower implements FollowListener, AutoCloseable {

  private static final int BAR_WIDTH = 100;

  private final PrintWriter out;
  private final PrintWriter err;
  private final ConsoleProgress bar;

  /**
   * @param showProgress whether to draw the progress bar; off for logs and pipes that only want lines
   */
  ConsoleFollower(PrintWriter out, PrintWriter err, boolean showProgress) {
    this.out = out;
    this.err = err;
    this.bar = showProgress ? ConsoleProgress.onLine(err, " steps", BAR_WIDTH, 1_000) : null;
  }

  @Override
  public void status(JobSnapshot job) {
    if (bar != null && job.status() == JobStatus.SUCCEEDED) {
      // The job's last metrics event is rarely its last step: a finished job is at 100%.
      bar.complete();
    }
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
    if (bar != null) {
      bar.stepTo("training", step, totalSteps);
    }
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
      bar.finish();
    }
  }

  /** One event as a line: time, level, message. */
  static String line(JobEvent event) {
    return event.createdAt().truncatedTo(ChronoUnit.SECONDS) + " " + String.format("%-5s", event.level()) + " "
        + Text.singleLine(event.message());
  }

  private void clearBar() {
    if (bar != null) {
      bar.clearLine();
    }
  }
}
