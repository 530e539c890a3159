package org.emodu.intervention.core;

import java.util.List;

/**
 * The kind of reinforcement an intervention uses: {@link #POSITIVE} adds something pleasant (praise,
 * a fun moment, a small reward); {@link #NEGATIVE} takes away something unpleasant (a repetitive
 * drill, a mandatory quiz) once the student shows the wanted behaviour.
 */
public enum Reinforcement implements Labelled {
  POSITIVE("positive", "positif", "pos"),
  NEGATIVE("negative", "negatif", "neg");

  private static final Labels<Reinforcement> LABELS = new Labels<>("reinforcement", values());

  private final String label;
  private final String indonesian;
  private final List<String> aliases;

  Reinforcement(String label, String indonesian, String... aliases) {
    this.label = label;
    this.indonesian = indonesian;
    this.aliases = List.of(aliases);
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
