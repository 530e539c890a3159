package org.emodu.intervention.core;

/**
 * The four motivational strategies of Keller's ARCS model: catch {@link #ATTENTION}, show
 * {@link #RELEVANCE}, build {@link #CONFIDENCE}, give {@link #SATISFACTION}.
 */
public enum ArcsStrategy implements Labelled {
  ATTENTION(Names.of("attention", "perhatian", "a")),
  RELEVANCE(Names.of("relevance", "relevansi", "r", "relevan")),
  CONFIDENCE(Names.of("confidence", "percaya diri", "c", "kepercayaan diri", "kepercayaan")),
  SATISFACTION(Names.of("satisfaction", "kepuasan", "s", "puas"));

  private static final Labels<ArcsStrategy> LABELS = new Labels<>("arcs", values());

  private final Names names;

  ArcsStrategy(Names names) {
    this.names = names;
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
  public Names names() {
    return names;
  }

  @Override
  public String toString() {
    return names.label();
  }
}
