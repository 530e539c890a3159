package org.emodu.intervention.finetune;

import com.openai.client.OpenAIClient;
import com.openai.models.finetuning.jobs.FineTuningJobEvent;
import com.openai.models.finetuning.jobs.JobListEventsPage;
import com.openai.models.finetuning.jobs.JobListEventsParams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.emodu.intervention.core.ModelException;

/**
 * Follows a job of {@link FineTuneClient} to its end: polls its status and events by the
 * {@link PollPolicy}, hands each event to the {@link FollowListener} once, and rides out a server
 * that cannot be reached for a while.
 */
final class JobFollower {

  private final OpenAIClient client;
  private final ApiCalls calls;
  private final Jobs jobs;
  private final Clock clock;
  private final PollPolicy pollPolicy;
  private final int pageSize;

  JobFollower(OpenAIClient client, ApiCalls calls, Jobs jobs, Clock clock, PollPolicy pollPolicy, int pageSize) {
    this.client = client;
    this.calls = calls;
    this.jobs = jobs;
    this.clock = clock;
    this.pollPolicy = pollPolicy;
    this.pageSize = pageSize;
  }

  /** See {@link FineTuneClient#follow}. */
  JobSnapshot follow(String jobId, FollowListener listener) {
    Set<String> seen = new HashSet<>();
    Duration wait = pollPolicy.initial();
    Instant lastAnswer = clock.instant();
    String lastStatus = null;
    while (true) {
      try {
        JobSnapshot job = jobs.status(jobId);
        if (!job.statusLabel().equals(lastStatus)) {
          listener.status(job);
          lastStatus = job.statusLabel();
        }
        List<JobEvent> fresh = newEvents(jobId, seen);
        for (JobEvent event : fresh) {
          listener.event(event);
          if (event.reportsProgress()) {
            listener.progress(event.step().orElseThrow(), event.totalSteps().orElseThrow());
          }
        }
        if (job.status().terminal()) {
          return job;
        }
        lastAnswer = clock.instant();
        wait = fresh.isEmpty() ? pollPolicy.next(wait) : pollPolicy.initial();
      } catch (ModelException e) {
        if (!e.isTransient()) {
          throw e;
        }
        Duration silent = Duration.between(lastAnswer, clock.instant());
        if (silent.compareTo(pollPolicy.giveUpAfter()) >= 0) {
          throw new FollowAbandonedException(jobId, silent, e.getMessage());
        }
        wait = pollPolicy.next(wait);
        listener.unreachable(e.getMessage(), wait);
      }
      calls.sleep(wait);
    }
  }

  /** Events not seen yet, oldest first: pages are read newest first until a seen event or the end. */
  private List<JobEvent> newEvents(String jobId, Set<String> seen) {
    List<FineTuningJobEvent> fresh = new ArrayList<>();
    JobListEventsParams first = JobListEventsParams.builder().limit(pageSize).build();
    JobListEventsPage page = calls.read("read the events of " + jobId, () -> client.fineTuning().jobs().listEvents(jobId, first));
    boolean reachedSeen = false;
    while (true) {
      for (FineTuningJobEvent event : page.data()) {
        if (seen.contains(event.id())) {
          reachedSeen = true;
          break;
        }
        fresh.add(event);
      }
      if (reachedSeen || page.data().isEmpty() || !page.hasMore().orElse(false)) {
        break;
      }
      JobListEventsParams next = JobListEventsParams.builder()
          .limit(pageSize)
          .after(page.data().get(page.data().size() - 1).id())
          .build();
      page = calls.read("read the events of " + jobId, () -> client.fineTuning().jobs().listEvents(jobId, next));
    }
    Collections.reverse(fresh);
    List<JobEvent> events = new ArrayList<>();
    for (FineTuningJobEvent event : fresh) {
      // A page boundary that moved between requests can show an event twice within one poll.
      if (seen.add(event.id())) {
        events.add(JobEvent.of(event));
      }
    }
    return events;
  }
}
