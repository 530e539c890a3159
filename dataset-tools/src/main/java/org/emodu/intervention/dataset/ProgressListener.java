package org.emodu.intervention.dataset;

/**
 * Hears how far long dataset work has come: the command line shows it as a progress bar
 * ({@link ConsoleProgress}), a library user may log it or ignore it ({@link #none()}).
 * Implementations are called from several threads at once and must be thread-safe.
 */
public interface ProgressListener {

  /** The work named {@code task} starts and has {@code total} steps. */
  void start(String task, long total);

  /** One step is done; {@code status} is a short line about the whole run so far, such as the tokens spent. */
  void step(String status);

  /** The work ended, done or not. */
  void finish();

  /** A listener that ignores everything. */
  static ProgressListener none() {
    return Silent.INSTANCE;
  }

  /** The listener {@link #none()} returns. */
  enum Silent implements ProgressListener {
    INSTANCE;

    @Override
    public void start(String task, long total) {}

    @Override
    public void step(String status) {}

    @Override
    public void finish() {}
  }
}
