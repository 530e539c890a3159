package org.emodu.intervention.finetune;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emodu.intervention.core.internal.Text;

/**
 * Durations as people write them and as messages say them. {@link #parse} reads what a user typed
 * for a time limit ({@code 90s}, {@code 2m}, {@code 1h30m}, {@code PT90S}, or a bare number in the
 * unit the limit always took); messages write durations as {@code 15m 0s}, {@code 1h 2m} or
 * {@code 900 ms}.
 */
public final class Durations {

  private static final Pattern BARE = Pattern.compile("\\d{1,9}");
  private static final Pattern UNITS = Pattern.compile("(?:(\\d{1,9})h)?(?:(\\d{1,9})m)?(?:(\\d{1,9})s)?");
  private static final Pattern ISO = Pattern.compile("[-+]?p.*");

  private Durations() {}

  /**
   * A positive duration from {@code text}: a bare whole number counted in {@code bareUnit}
   * ({@code 15}); whole numbers with the units {@code h}, {@code m} and {@code s}, alone or together
   * in that order ({@code 90s}, {@code 2m}, {@code 1h}, {@code 1h30m}); or ISO-8601 ({@code PT90S},
   * {@code PT1H30M}). Letters may be in either case; spaces around the text are ignored.
   *
   * @param parameter what the text was given as, named in the message ({@code --give-up-after})
   * @param bareUnit the unit of a number without one, for compatibility with limits that took whole units
   * @throws IllegalArgumentException naming {@code parameter} and the accepted forms when the text is
   *     none of them, or when the duration is not longer than zero
   */
  public static Duration parse(String parameter, String text, ChronoUnit bareUnit) {
    if (bareUnit.isDurationEstimated()) {
      throw new IllegalArgumentException("bareUnit must have an exact length, got " + bareUnit);
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(parameter + " is empty; " + accepted(bareUnit));
    }
    String trimmed = text.strip().toLowerCase(Locale.ROOT);
    Duration duration = read(trimmed, bareUnit);
    if (duration == null) {
      String shown = Text.singleLine(text.strip());
      throw new IllegalArgumentException(parameter + " '" + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown)
          + "' is not a duration; " + accepted(bareUnit));
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(parameter + " must be longer than zero, got '" + text.strip() + "'");
    }
    return duration;
  }

  /** The duration the text writes, or null when it writes none. */
  private static Duration read(String text, ChronoUnit bareUnit) {
    if (BARE.matcher(text).matches()) {
      return Duration.of(Long.parseLong(text), bareUnit);
    }
    Matcher units = UNITS.matcher(text);
    if (units.matches() && !text.isEmpty()) {
      return Duration.ofHours(number(units.group(1)))
          .plusMinutes(number(units.group(2)))
          .plusSeconds(number(units.group(3)));
    }
    if (ISO.matcher(text).matches()) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        // Not ISO-8601 after all (or beyond what a Duration holds); reported as not a duration.
        return null;
      }
    }
    return null;
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }

  private static String accepted(ChronoUnit bareUnit) {
    return "write a number of " + bareUnit.toString().toLowerCase(Locale.ROOT) + " (15), a number with a unit"
        + " (90s, 2m, 1h, or together: 1h30m) or ISO-8601 (PT90S)";
  }

  /** {@code duration} in short words for a message: {@code 250 ms}, {@code 40s}, {@code 2m 5s}. */
  public static String words(Duration duration) {
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
