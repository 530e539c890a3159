package org.emodu.intervention.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.emodu.intervention.core.Progress;

/** A {@link Progress} that writes down what it hears, one line a call, for tests to compare. */
public final class RecordingProgress implements Progress {

  /** {@code start <task> <total> <alreadyDone>}, {@code step <count> <status>} or {@code finish}. */
  public final List<String> heard = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void start(String task, long total, long alreadyDone) {
    heard.add("start " + task + " " + total + " " + alreadyDone);
  }

  @Override
  public void step(long count, String status) {
    heard.add(status.isEmpty() ? "step " + count : "step " + count + " " + status);
  }

  @Override
  public void finish() {
    heard.add("finish");
  }
}
