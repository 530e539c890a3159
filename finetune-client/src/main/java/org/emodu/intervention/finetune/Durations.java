package org.emodu.intervention.finetune;

import java.time.Duration;

/** Durations in the words messages use: {@code 15m 0s}, {@code 1h 2m}, {@code 900 ms}. */
final class Durations {

  private Durations() {}

  static String words(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1_000) {
      return millis + " ms";
    }
    long seconds = duration.toSeconds();
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3_600) {
      return seconds / 60 + "m " + seconds % 60 + "s";
    }
    return seconds / 3_600 + "h " + (seconds % 3_600) / 60 + "m";
  }
}
