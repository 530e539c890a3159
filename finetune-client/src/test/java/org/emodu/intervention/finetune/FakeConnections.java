package org.emodu.intervention.finetune;

import java.time.Duration;
import org.emodu.intervention.core.openai.OpenAiConnection;
import org.emodu.intervention.testing.openai.FakeFineTuningApi;

/**
 * Connections to the shared fake of the files and fine-tuning API whose SDK retries (two of them)
 * wait on the tests' fake clock, so no test sleeps.
 */
final class FakeConnections {

  private FakeConnections() {}

  /** A connection to {@code server} with a ten-second timeout. */
  static OpenAiConnection to(FakeFineTuningApi server, FakeTime time) {
    return to(server, time, Duration.ofSeconds(10));
  }

  /** The same with another timeout, for requests the server lets hang. */
  static OpenAiConnection to(FakeFineTuningApi server, FakeTime time, Duration timeout) {
    return OpenAiConnection.builder()
        .apiKey(FakeFineTuningApi.API_KEY)
        .baseUrl(server.baseUrl())
        .maxRetries(2)
        .timeout(timeout)
        .sleeper(time)
        .build();
  }
}
