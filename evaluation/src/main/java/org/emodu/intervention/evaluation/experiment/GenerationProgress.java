package org.emodu.intervention.evaluation.experiment;

import org.emodu.intervention.core.InteractionRecord;

/** Hears how an experiment's generation advances, for a progress bar. Called from several threads. */
public interface GenerationProgress {

  /** A profile starts: {@code total} generations, of which {@code alreadyDone} come from an earlier run. */
  void started(String profile, int total, int alreadyDone);

  /** One generation finished, successfully or not. */
  void advanced(String profile, InteractionRecord record);

  /** The profile is done. */
  void finished(String profile);

  /** Reports nothing. */
  GenerationProgress SILENT = new GenerationProgress() {
    @Override
    public void started(String profile, int total, int alreadyDone) {}

    @Override
    public void advanced(String profile, InteractionRecord record) {}

    @Override
    public void finished(String profile) {}
  };
}
