package org.emodu.intervention.core;

/**
 * The kind of reinforcement an intervention uses: {@link #POSITIVE} adds something pleasant (praise,
 * a fun moment, a small reward); {@link #NEGATIVE} takes away something unpleasant (a repetitive
 * drill, a mandatory quiz) once the student shows the wanted behaviour.
 */
public enum Reinforcement implements Labelled {
  POSITIVE(Names.of("positive", "positif", "pos")),
  NEGATIVE(Names.of("negative", "negatif", "neg"));

  private static final Labels<Reinforcement> LABELS = new Labels<>("reinforcement", values());

  private final Names names;

  Reinforcement(Names names) {
    this.names = names;
  }

  /**
   * Parses an English or Indonesian reinforcement name.
   *
   * @throws InvalidRequestException naming the field {@code reinforcement} and the accepted values
   */
  public static Reinforcement parse(String text) {
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
