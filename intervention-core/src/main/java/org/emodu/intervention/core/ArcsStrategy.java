package org.emodu.intervention.core;

import java.util.List;

/**
 * The four motivational strategies of Keller's ARCS model: catch {@link #ATTENTION}, show
 * {@link #RELEVANCE}, build {@link #CONFIDENCE}, give {@link #SATISFACTION}.
 */
public enum ArcsStrategy implements Labelled {
  ATTENTION("attention", "perhatian", "a"),
  RELEVANCE("relevance", "relevansi", "r", "relevan"),
  CONFIDENCE("confidence", "percaya diri", "c", "kepercayaan diri", "kepercayaan"),
  SATISFACTION("satisfaction", "kepuasan", "s", "puas");

  private static final Labels<ArcsStrategy> LABELS = new Labels<>("arcs", values());

  private final String label;
  private final String indonesian;
  private final List<String> aliases;

  ArcsStrategy(String label, String indonesian, String... aliases) {
    this.label = label;
    this.indonesian = indonesian;
    this.aliases = List.of(aliases);
  }

  /**
   * Parses an English or Indonesian ARCS strategy name.
   *
   * @throws InvalidRequestException naming the field {@code arcs} and the accepted values
   */
  public static ArcsStrategy parse(String text) {
    return LABELS.parse(text);
  }

  /** The accepted values, for help texts and error messages. */
  public static String choices() {
    return LABELS.choices();
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public String indonesian() {
    return indonesian;
  }

  @Override
  public List<String> aliases() {
    return aliases;
  }

  @Override
  public String toString() {
    return label;
  }
}
