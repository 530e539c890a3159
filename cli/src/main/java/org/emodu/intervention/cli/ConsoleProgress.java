package org.emodu.intervention.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.emodu.intervention.core.Progress;

/**
 * A {@link Progress} drawn as a text progress bar on a stream, normally standard error so that
 * results on standard output stay clean; one bar for each {@link #start}, ended by {@link #finish}
 * or {@link #close}. The command line's one drawer: its commands report to it as a {@code Progress},
 * and {@link ConsoleFollower} moves it to a fine-tuning job's step ({@link #stepTo}) and wipes it
 * ({@link #clearLine}) before a message shares its line.
 *
 * <p>It draws with the {@code me.tongfei:progressbar} library, a dependency of the command line's
 * own: the core and the tools report to a {@link Progress} (or a listener of their own, such as
 * finetune-client's {@code FollowListener}) and leave the drawing to their caller.
 */
final class ConsoleProgress implements Progress, AutoCloseable {

  private final Supplier<ProgressBarConsumer> consumers;
  private final Line line;
  private final String unit;
  private final long updateMillis;
  private ProgressBar bar;

  /** How a bar's line is wiped and ended on the sink it is drawn on. */
  private interface Line {
    void clear();

    void end();
  }

  private ConsoleProgress(Supplier<ProgressBarConsumer> consumers, Line line, String unit, long updateMillis) {
    this.consumers = consumers;
    this.line = line;
    this.unit = Objects.requireNonNull(unit, "unit");
    this.updateMillis = updateMillis;
  }

  /** Bars on {@code stream}, counting steps. */
  ConsoleProgress(PrintStream stream) {
    this(stream, "");
  }

  /** Bars on {@code stream}, counting in {@code unit} (such as {@code " sentences"}, with its space). */
  ConsoleProgress(PrintStream stream, String unit) {
    this(consoleOf(Objects.requireNonNull(stream, "stream")), new Line() {
      @Override
      public void clear() {}

      @Override
      public void end() {}
    }, unit, 250);
  }

  /**
   * Bars drawn on {@code writer}'s current line, {@code width} characters wide, redrawn at most every
   * {@code updateMillis}; {@link #clearLine} wipes that line and {@link #finish} ends it.
   */
  static ConsoleProgress onLine(PrintWriter writer, String unit, int width, long updateMillis) {
    Objects.requireNonNull(writer, "writer");
    return new ConsoleProgress(() -> new DelegatingProgressBarConsumer(rendered -> {
      synchronized (writer) {
        writer.print('\r');
        writer.print(rendered);
        writer.flush();
      }
    }, width), new Line() {
      @Override
      public void clear() {
        synchronized (writer) {
          writer.print('\r');
          writer.print(" ".repeat(width));
          writer.print('\r');
          writer.flush();
        }
      }

      @Override
      public void end() {
        writer.println();
        writer.flush();
      }
    }, unit, updateMillis);
  }

  /**
   * Progress on standard error, counting in {@code unit}: bars when standard error is a terminal;
   * otherwise (a log, a pipe, a CI job) one plain line when each task starts and one when it ends,
   * with no carriage returns or padding, on {@code err} (the command's standard error).
   */
  static Progress onStandardError(PrintWriter err, String unit) {
    return Terminal.standardErrorIsTerminal() ? new ConsoleProgress(System.err, unit) : lines(err, unit);
  }

  /** One line on {@code writer} when each task starts and one when it ends: progress for a sink that is not a terminal. */
  static Progress lines(PrintWriter writer, String unit) {
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(unit, "unit");
    return new Progress() {
      private String task;
      private long total;
      private long done;

      @Override
      public synchronized void start(String task, long total, long alreadyDone) {
        finish();
        this.task = task;
        this.total = total;
        this.done = alreadyDone;
        writer.println("intervensi: " + task + ": " + total + unit
            + (alreadyDone > 0 ? ", " + alreadyDone + " from an earlier run" : ""));
        writer.flush();
      }

      @Override
      public synchronized void step(long count, String status) {
        done += count;
      }

      @Override
      public synchronized void finish() {
        if (task != null) {
          writer.println("intervensi: " + task + ": " + done + "/" + total + unit + (done >= total ? ", done" : ", stopped"));
          writer.flush();
          task = null;
        }
      }
    };
  }

  private static Supplier<ProgressBarConsumer> consoleOf(PrintStream stream) {
    return () -> new ConsoleProgressBarConsumer(stream);
  }

  @Override
  public synchronized void start(String task, long total, long alreadyDone) {
    finish();
    bar = newBar(task, total);
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

  /**
   * The work named {@code task} reached {@code step} of {@code total}, which may have changed since the
   * last call: starts the bar on the first call, moves it on the next ones.
   */
  synchronized void stepTo(String task, long step, long total) {
    if (bar == null) {
      bar = newBar(task, total);
    }
    if (bar.getMax() != total) {
      bar.maxHint(total);
    }
    bar.stepTo(step);
  }

  /** Moves the bar, if one was started, to its total: the work is done, whatever the last step heard was. */
  synchronized void complete() {
    if (bar != null) {
      bar.stepTo(bar.getMax());
    }
  }

  /** Wipes the bar's line so that a message does not start in the middle of it; the bar redraws itself. */
  synchronized void clearLine() {
    if (bar != null) {
      line.clear();
    }
  }

  @Override
  public synchronized void finish() {
    if (bar != null) {
      bar.close();
      bar = null;
      line.end();
    }
  }

  @Override
  public void close() {
    finish();
  }

  private ProgressBar newBar(String task, long total) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(unit, 1)
        .setUpdateIntervalMillis((int) updateMillis)
        .setConsumer(consumers.get())
        .build();
  }
}
