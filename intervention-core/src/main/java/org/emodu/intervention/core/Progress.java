package org.emodu.intervention.core;

/**
 * Hears how far long work has come (an augmentation run, an experiment's generations, BERTScore's
 * embedding): the command line draws it as a progress bar (its {@code ConsoleProgress}), a library
 * user may log it or ignore it ({@link #none()}). Work may report from several threads at once, so
 * implementations are thread-safe, and quick.
 */
public interface Progress {

  /**
   * The work named {@code task} starts: {@code total} steps, of which {@code alreadyDone} were
   * finished by an earlier, interrupted run.
   */
  void start(String task, long total, long alreadyDone);

  /**
   * {@code count} more steps are done; {@code status} is a short line about the whole run so far,
   * such as the tokens spent, or empty.
   */
  void step(long count, String status);

  /** The work ended, done or not. */
  void finish();

  /** A listener that ignores everything. */
  static Progress none() {
    return SilentProgress.INSTANCE;
  }
}
