package org.emodu.intervention.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.InvalidRequestException;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.SettingsException;

/**
 * How an {@link InterventionPolicy} decides, with the names of the settings that configure it.
 *
 * @param persist how long an emotion must persist before it triggers, and the longest gap between
 *     two observations of one episode ({@value #PERSIST_MS}, 15 s)
 * @param minConfidence observations below this confidence neither start nor extend an episode
 *     ({@value #MIN_CONFIDENCE}, 0.5)
 * @param cooldown how long a student gets no intervention after one ({@value #COOLDOWN_MS}, 3 min)
 * @param classRate the most interventions a class gets in a minute ({@value #CLASS_RATE}, 6)
 * @param outcomeWindow how long after an intervention the student's next emotion counts as its
 *     outcome ({@value #OUTCOME_MS}, 1 min)
 * @param session how long a student's state (episode, cooldown, the texts already sent) lives after
 *     their last observation: the length of a class session ({@value #SESSION_MS}, 4 h)
 * @param triggers the emotions that trigger an intervention when they persist
 *     ({@value #TRIGGER_EMOTIONS}; every emotion but neutral by default)
 */
public record PolicySettings(
    Duration persist,
    double minConfidence,
    Duration cooldown,
    int classRate,
    Duration outcomeWindow,
    Duration session,
    Set<Emotion> triggers) {

  public static final String PERSIST_MS = "INTERVENSI_PERSIST_MS";
  public static final String MIN_CONFIDENCE = "INTERVENSI_MIN_CONFIDENCE";
  public static final String COOLDOWN_MS = "INTERVENSI_COOLDOWN_MS";
  public static final String CLASS_RATE = "INTERVENSI_CLASS_RATE";
  public static final String OUTCOME_MS = "INTERVENSI_OUTCOME_MS";
  public static final String SESSION_MS = "INTERVENSI_SESSION_MS";
  public static final String TRIGGER_EMOTIONS = "INTERVENSI_TRIGGER_EMOTIONS";

  /**
   * Where the state lives: {@code memory} (the default) or {@code redis://host:port[/db]};
   * {@code org.emodu.intervention.live.redis.PolicyStores.open} (module live-redis) reads it.
   */
  public static final String STATE = "INTERVENSI_STATE";

  /** The documented defaults. */
  public static final PolicySettings DEFAULTS = new PolicySettings(Duration.ofSeconds(15), 0.5, Duration.ofMinutes(3),
      6, Duration.ofMinutes(1), Duration.ofHours(4), defaultTriggers());

  public PolicySettings {
    positive(persist, "persist");
    positive(cooldown, "cooldown");
    positive(outcomeWindow, "outcomeWindow");
    positive(session, "session");
    if (!(minConfidence >= 0 && minConfidence <= 1)) {
      throw new IllegalArgumentException("minConfidence must be from 0 to 1, got " + minConfidence);
    }
    if (classRate < 1) {
      throw new IllegalArgumentException("classRate must be at least 1, got " + classRate);
    }
    Objects.requireNonNull(triggers, "triggers");
    triggers = triggers.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(triggers));
  }

  /**
   * The settings' values, the defaults where unset.
   *
   * @throws SettingsException naming the variable whose value cannot be used, and what it accepts
   */
  public static PolicySettings from(Settings settings) {
    return new PolicySettings(
        settings.millis(PERSIST_MS, DEFAULTS.persist()),
        settings.doubleValue(MIN_CONFIDENCE, DEFAULTS.minConfidence(), 0, 1),
        settings.millis(COOLDOWN_MS, DEFAULTS.cooldown()),
        settings.intValue(CLASS_RATE, DEFAULTS.classRate(), 1, 100_000),
        settings.millis(OUTCOME_MS, DEFAULTS.outcomeWindow()),
        settings.millis(SESSION_MS, DEFAULTS.session()),
        settings.get(TRIGGER_EMOTIONS).map(PolicySettings::triggers).orElse(DEFAULTS.triggers()));
  }

  /** These settings with another persistence time. */
  public PolicySettings withPersist(Duration persist) {
    return new PolicySettings(persist, minConfidence, cooldown, classRate, outcomeWindow, session, triggers);
  }

  /** These settings with another cooldown. */
  public PolicySettings withCooldown(Duration cooldown) {
    return new PolicySettings(persist, minConfidence, cooldown, classRate, outcomeWindow, session, triggers);
  }

  /** These settings with another class rate. */
  public PolicySettings withClassRate(int classRate) {
    return new PolicySettings(persist, minConfidence, cooldown, classRate, outcomeWindow, session, triggers);
  }

  /** These settings with another outcome window. */
  public PolicySettings withOutcomeWindow(Duration outcomeWindow) {
    return new PolicySettings(persist, minConfidence, cooldown, classRate, outcomeWindow, session, triggers);
  }

  /** These settings with other trigger emotions. */
  public PolicySettings withTriggers(Set<Emotion> triggers) {
    return new PolicySettings(persist, minConfidence, cooldown, classRate, outcomeWindow, session, triggers);
  }

  /**
   * How long a student's state must live after a write: the session, and at least as long as the
   * cooldown and the outcome window that state still has to enforce.
   */
  Duration studentTtl() {
    Duration longest = session;
    for (Duration duration : List.of(cooldown.plus(persist), outcomeWindow.plus(persist))) {
      if (duration.compareTo(longest) > 0) {
        longest = duration;
      }
    }
    return longest;
  }

  private static Set<Emotion> triggers(String text) {
    if (text.strip().equalsIgnoreCase("all")) {
      return EnumSet.allOf(Emotion.class);
    }
    Set<Emotion> emotions = EnumSet.noneOf(Emotion.class);
    List<String> problems = new ArrayList<>();
    for (String name : text.split(",")) {
      if (name.isBlank()) {
        continue;
      }
      try {
        emotions.add(Emotion.parse(name));
      } catch (InvalidRequestException e) {
        problems.add("'" + name.strip() + "'");
      }
    }
    if (!problems.isEmpty() || emotions.isEmpty()) {
      throw new SettingsException(TRIGGER_EMOTIONS + " must list emotions separated by commas (or be all)"
          + (problems.isEmpty() ? "" : "; not emotions: " + String.join(", ", problems))
          + "; use: " + Emotion.choices());
    }
    return emotions;
  }

  private static Set<Emotion> defaultTriggers() {
    Set<Emotion> triggers = EnumSet.allOf(Emotion.class);
    triggers.remove(Emotion.NEUTRAL);
    return triggers;
  }

  private static void positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.toMillis() < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 ms, got " + duration);
    }
  }

  @Override
  public String toString() {
    return "PolicySettings{persist=" + persist.toMillis() + "ms, minConfidence=" + minConfidence + ", cooldown="
        + cooldown.toMillis() + "ms, classRate=" + classRate + "/min, outcomeWindow=" + outcomeWindow.toMillis()
        + "ms, session=" + session.toMillis() + "ms, triggers=" + Arrays.toString(triggers.toArray()) + "}";
  }
}
