package org.emodu.intervention.finetune;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Remembers what a follow reported, in order. */
final class RecordingListener implements FollowListener {

  final List<String> statuses = new ArrayList<>();
  final List<JobEvent> events = new ArrayList<>();
  final List<String> progress = new ArrayList<>();
  final List<String> troubles = new ArrayList<>();
  final List<Duration> retries = new ArrayList<>();

  @Override
  public void status(JobSnapshot job) {
    statuses.add(job.statusLabel());
  }

  @Override
  public void event(JobEvent event) {
    events.add(event);
  }

  @Override
  public void progress(long step, long totalSteps) {
    progress.add(step + "/" + totalSteps);
  }

  @Override
  public void unreachable(String problem, Duration retryIn) {
    troubles.add(problem);
    retries.add(retryIn);
  }

  List<String> messages() {
    return events.stream().map(JobEvent::message).toList();
  }
}
