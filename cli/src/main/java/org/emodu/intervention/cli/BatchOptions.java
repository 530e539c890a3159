package org.emodu.intervention.cli;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.openai.ChatBatch;
import org.emodu.intervention.core.openai.OpenAiConnection;
import org.emodu.intervention.finetune.Durations;

/** What {@code --batch} and {@code --poll-interval} open: the Batch API client of the commands that take them. */
final class BatchOptions {

  private BatchOptions() {}

  /** {@code --poll-interval}: a duration ({@code 30s}, {@code 2m}, bare numbers are seconds), or 0 to look again at once. */
  static Duration pollInterval(String text) {
    if (text.strip().equals("0")) {
      return Duration.ZERO;
    }
    return Durations.parse("--poll-interval", text, ChronoUnit.SECONDS);
  }

  /** A Batch API client on the connection the settings describe, sleeping between looks. */
  static ChatBatch open(Settings settings, Duration pollInterval) {
    return new ChatBatch(OpenAiConnection.fromSettings(settings), pollInterval,
        duration -> Thread.sleep(duration.toMillis()));
  }
}
