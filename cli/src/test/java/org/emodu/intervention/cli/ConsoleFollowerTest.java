package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.emodu.intervention.finetune.JobEvent;
import org.junit.jupiter.api.Test;

class ConsoleFollowerTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static JobEvent event(String message, Long step, Long total) {
    return new JobEvent("ftevent-1", Instant.parse("2024-11-27T09:30:10.500Z"), "info", step == null ? "message" : "metrics",
        message, Optional.ofNullable(step), Optional.ofNullable(total));
  }

  @Test
  void printsEachEventAsOneLineOnStandardOutput() {
    try (ConsoleFollower follower = new ConsoleFollower(new PrintWriter(out), new PrintWriter(err), false)) {
      follower.event(event("Validating training file:\nfile-7Qm2", null, null));
    }

    assertThat(out.toString()).isEqualTo("2024-11-27T09:30:10Z info  Validating training file: file-7Qm2" + System.lineSeparator());
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void drawsTheTrainingProgressOnStandardErrorAndFinishesItsLine() {
    try (ConsoleFollower follower = new ConsoleFollower(new PrintWriter(out), new PrintWriter(err), true)) {
      follower.progress(96, 384);
      follower.progress(192, 384);
    }

    assertThat(err.toString()).contains("training", "192/384", "steps").endsWith(System.lineSeparator());
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aSucceededJobsBarEndsAtItsTotalThoughTheLastMetricsWereEarlier() {
    try (ConsoleFollower follower = new ConsoleFollower(new PrintWriter(out), new PrintWriter(err), true)) {
      follower.progress(20, 40);
      follower.status(new org.emodu.intervention.finetune.JobSnapshot("ftjob-1", org.emodu.intervention.finetune.JobStatus.SUCCEEDED,
          null, null, Optional.of("ft:x"), null, Optional.empty(), java.util.Map.of(), Optional.empty(), Optional.empty(),
          Instant.parse("2024-11-27T09:30:00Z"), Optional.empty(), Optional.empty(), Optional.empty(), java.util.List.of(),
          Optional.empty(), java.util.Map.of()));
    }

    assertThat(err.toString()).contains("100%", "40/40 steps").contains("status: succeeded");
  }

  @Test
  void saysWhenTheServerCannotBeReachedAndWhenItWillAskAgain() {
    try (ConsoleFollower follower = new ConsoleFollower(new PrintWriter(out), new PrintWriter(err), false)) {
      follower.unreachable("cannot reach api.openai.com", Duration.ofSeconds(40));
    }

    assertThat(err.toString()).isEqualTo("intervensi: cannot reach api.openai.com; asking again in 40s" + System.lineSeparator());
  }
}
