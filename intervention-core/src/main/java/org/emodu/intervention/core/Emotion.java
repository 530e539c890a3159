package org.emodu.intervention.core;

import java.util.List;

/**
 * The emotions an emotion-recognition system reports for a student: the seven facial-expression
 * classes and the three learning-centred ones. Parsing accepts English and Indonesian names in any
 * case ({@code bosan} is {@link #BORED}).
 */
public enum Emotion implements Labelled {
  HAPPY("happy", "senang", "bahagia", "gembira", "happiness"),
  SAD("sad", "sedih", "sadness"),
  ANGRY("angry", "marah", "anger", "kesal"),
  FEAR("fear", "takut", "afraid", "fearful", "cemas"),
  SURPRISE("surprise", "terkejut", "surprised", "kaget"),
  DISGUST("disgust", "jijik", "disgusted"),
  NEUTRAL("neutral", "netral", "biasa", "datar"),
  BORED("bored", "bosan", "boredom", "jenuh"),
  CONFUSED("confused", "bingung", "confusion"),
  FRUSTRATED("frustrated", "frustrasi", "frustration", "frustasi");

  private static final Labels<Emotion> LABELS = new Labels<>("emotion", values());

  private final String label;
  private final String indonesian;
  private final List<String> aliases;

  Emotion(String label, String indonesian, String... aliases) {
    this.label = label;
    this.indonesian = indonesian;
    this.aliases = List.of(aliases);
  }

  /**
   * Parses an English or Indonesian emotion name.
   *
   * @throws InvalidRequestException naming the field {@code emotion} and the accepted values
   */
  public static Emotion parse(String text) {
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
