package org.emodu.intervention.finetune;

import java.time.Duration;

/**
 * How often to ask the server about a job or an uploaded file. Polling starts at {@code initial},
 * grows by {@code factor} while nothing changes or the server cannot be reached, never waits longer
 * than {@code maximum}, and drops back to {@code initial} when news arrives. Following gives up when
 * the server has not answered for {@code giveUpAfter}.
 */
public record PollPolicy(Duration initial, Duration maximum, double factor, Duration giveUpAfter) {

  /** 5 s growing by half to 60 s; give up after 15 minutes without an answer. */
  public static final PollPolicy STANDARD =
      new PollPolicy(Duration.ofSeconds(5), Duration.ofSeconds(60), 1.5, Duration.ofMinutes(15));

  public PollPolicy {
    requirePositive(initial, "initial");
    requirePositive(maximum, "maximum");
    requirePositive(giveUpAfter, "giveUpAfter");
    if (maximum.compareTo(initial) < 0) {
      throw new IllegalArgumentException("the maximum poll interval " + maximum + " is shorter than the initial " + initial);
    }
    if (!(factor >= 1.0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("the poll backoff factor must be a finite number of at least 1, got " + factor);
    }
  }

  /** This policy giving up after {@code limit} without an answer. */
  public PollPolicy withGiveUpAfter(Duration limit) {
    return new PollPolicy(initial, maximum, factor, limit);
  }

  /** The wait after {@code current}: longer by the factor, at most the maximum. */
  Duration next(Duration current) {
    long millis = (long) Math.min(current.toMillis() * factor, maximum.toMillis());
    return Duration.ofMillis(Math.max(millis, initial.toMillis()));
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("the poll policy's " + name + " must be a positive duration, got " + duration);
    }
  }
}
