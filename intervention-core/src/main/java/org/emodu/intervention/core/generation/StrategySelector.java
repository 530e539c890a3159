package org.emodu.intervention.core.generation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.InvalidRequestException;
import org.emodu.intervention.core.Reinforcement;
import org.emodu.intervention.core.Strategy;

/**
 * Chooses the reinforcement and ARCS strategy for an emotion when the caller names only the
 * emotion. The default mapping follows what each emotion most needs:
 *
 * <table>
 *   <caption>Default strategy per emotion</caption>
 *   <tr><th>emotion</th><th>reinforcement</th><th>ARCS</th><th>why</th></tr>
 *   <tr><td>happy</td><td>positive</td><td>satisfaction</td><td>reward the good moment</td></tr>
 *   <tr><td>sad</td><td>positive</td><td>confidence</td><td>warmth and a sense of being able</td></tr>
 *   <tr><td>angry</td><td>negative</td><td>relevance</td><td>lift a burden, show why it matters</td></tr>
 *   <tr><td>fear</td><td>negative</td><td>confidence</td><td>take away pressure, small safe steps</td></tr>
 *   <tr><td>surprise</td><td>positive</td><td>attention</td><td>turn surprise into curiosity</td></tr>
 *   <tr><td>disgust</td><td>negative</td><td>relevance</td><td>remove the chore, show the use</td></tr>
 *   <tr><td>neutral</td><td>positive</td><td>attention</td><td>spark engagement</td></tr>
 *   <tr><td>bored</td><td>positive</td><td>attention</td><td>re-engage with something fun</td></tr>
 *   <tr><td>confused</td><td>negative</td><td>confidence</td><td>a foothold, one drill fewer</td></tr>
 *   <tr><td>frustrated</td><td>negative</td><td>confidence</td><td>ease the load, rebuild belief</td></tr>
 * </table>
 *
 * <p>A mapping can be given as text, {@code emotion=reinforcement:arcs} pairs separated by commas
 * ({@code bored=negative:relevance,sad=positive:satisfaction}); emotions it leaves out keep their
 * default. Instances are immutable and thread-safe.
 */
public final class StrategySelector {

  private static final Map<Emotion, Strategy> DEFAULTS = defaults();

  private final Map<Emotion, Strategy> mapping;

  private StrategySelector(Map<Emotion, Strategy> mapping) {
    this.mapping = Collections.unmodifiableMap(new EnumMap<>(mapping));
  }

  /** The documented default mapping. */
  public static StrategySelector standard() {
    return new StrategySelector(DEFAULTS);
  }

  /** The default mapping with {@code overrides} applied. */
  public static StrategySelector withOverrides(Map<Emotion, Strategy> overrides) {
    Map<Emotion, Strategy> mapping = new EnumMap<>(DEFAULTS);
    mapping.putAll(overrides);
    return new StrategySelector(mapping);
  }

  /**
   * Parses a mapping such as {@code bored=negative:relevance, sad=positive:satisfaction}; names may
   * be English or Indonesian.
   *
   * @throws IllegalArgumentException naming the entry that cannot be read and the expected form
   */
  public static StrategySelector parse(String text) {
    Map<Emotion, Strategy> overrides = new EnumMap<>(Emotion.class);
    List<String> problems = new ArrayList<>();
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] sides = entry.split("=", 2);
      String[] strategy = sides.length == 2 ? sides[1].split(":", 2) : new String[0];
      if (strategy.length != 2) {
        problems.add("'" + entry.strip() + "' is not of the form emotion=reinforcement:arcs");
        continue;
      }
      try {
        overrides.put(
            Emotion.parse(sides[0]),
            new Strategy(Reinforcement.parse(strategy[0]), ArcsStrategy.parse(strategy[1])));
      } catch (InvalidRequestException e) {
        problems.add("in '" + entry.strip() + "': " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("strategy mapping: " + String.join("; ", problems));
    }
    return withOverrides(overrides);
  }

  /** The strategy for an emotion. */
  public Strategy select(Emotion emotion) {
    return mapping.get(emotion);
  }

  /** The whole mapping, in emotion order. */
  public Map<Emotion, Strategy> mapping() {
    return mapping;
  }

  @Override
  public String toString() {
    return mapping.entrySet().stream()
        .map(entry -> entry.getKey().label() + "=" + entry.getValue())
        .collect(Collectors.joining(","));
  }

  private static Map<Emotion, Strategy> defaults() {
    Map<Emotion, Strategy> mapping = new EnumMap<>(Emotion.class);
    mapping.put(Emotion.HAPPY, new Strategy(Reinforcement.POSITIVE, ArcsStrategy.SATISFACTION));
    mapping.put(Emotion.SAD, new Strategy(Reinforcement.POSITIVE, ArcsStrategy.CONFIDENCE));
    mapping.put(Emotion.ANGRY, new Strategy(Reinforcement.NEGATIVE, ArcsStrategy.RELEVANCE));
    mapping.put(Emotion.FEAR, new Strategy(Reinforcement.NEGATIVE, ArcsStrategy.CONFIDENCE));
    mapping.put(Emotion.SURPRISE, new Strategy(Reinforcement.POSITIVE, ArcsStrategy.ATTENTION));
    mapping.put(Emotion.DISGUST, new Strategy(Reinforcement.NEGATIVE, ArcsStrategy.RELEVANCE));
    mapping.put(Emotion.NEUTRAL, new Strategy(Reinforcement.POSITIVE, ArcsStrategy.ATTENTION));
    mapping.put(Emotion.BORED, new Strategy(Reinforcement.POSITIVE, ArcsStrategy.ATTENTION));
    mapping.put(Emotion.CONFUSED, new Strategy(Reinforcement.NEGATIVE, ArcsStrategy.CONFIDENCE));
    mapping.put(Emotion.FRUSTRATED, new Strategy(Reinforcement.NEGATIVE, ArcsStrategy.CONFIDENCE));
    return mapping;
  }
}
