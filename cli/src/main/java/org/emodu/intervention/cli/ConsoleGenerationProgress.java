package org.emodu.intervention.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.emodu.intervention.core.InteractionRecord;
import org.emodu.intervention.evaluation.experiment.GenerationProgress;

/** An experiment's generation drawn as one progress bar per profile on stderr, with tokens spent and failures. */
final class ConsoleGenerationProgress implements GenerationProgress {

  private final PrintStream stream;
  private ProgressBar bar;
  private long tokens;
  private long failed;

  ConsoleGenerationProgress(PrintStream stream) {
    this.stream = stream;
  }

  @Override
  public synchronized void started(String profile, int total, int alreadyDone) {
    tokens = 0;
    failed = 0;
    bar = new ProgressBarBuilder()
        .setTaskName(profile)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(stream))
        .build();
    bar.stepTo(alreadyDone);
    bar.setExtraMessage(alreadyDone > 0 ? alreadyDone + " from an earlier run" : "");
  }

  @Override
  public synchronized void advanced(String profile, InteractionRecord record) {
    tokens += record.usage().total();
    failed += record.succeeded() ? 0 : 1;
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(String.format(Locale.ROOT, "%,d tokens%s", tokens, failed > 0 ? ", " + failed + " failed" : ""));
    }
  }

  @Override
  public synchronized void finished(String profile) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
