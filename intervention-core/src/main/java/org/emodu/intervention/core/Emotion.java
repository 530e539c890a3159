package org.emodu.intervention.core;

/**
 * The emotions an emotion-recognition system reports for a student: the seven facial-expression
 * classes and the three learning-centred ones. Parsing accepts English and Indonesian names in any
 * case ({@code bosan} is {@link #BORED}).
 */
public enum Emotion implements Labelled {
  HAPPY(Names.of("happy", "senang", "bahagia", "gembira", "happiness")),
  SAD(Names.of("sad", "sedih", "sadness")),
  ANGRY(Names.of("angry", "marah", "anger", "kesal")),
  FEAR(Names.of("fear", "takut", "afraid", "fearful", "cemas")),
  SURPRISE(Names.of("surprise", "terkejut", "surprised", "kaget")),
  DISGUST(Names.of("disgust", "jijik", "disgusted")),
  NEUTRAL(Names.of("neutral", "netral", "biasa", "datar")),
  BORED(Names.of("bored", "bosan", "boredom", "jenuh")),
  CONFUSED(Names.of("confused", "bingung", "confusion")),
  FRUSTRATED(Names.of("frustrated", "frustrasi", "frustration", "frustasi"));

  private static final Labels<Emotion> LABELS = new Labels<>("emotion", values());

  private final Names names;

  Emotion(Names names) {
    this.names = names;
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
  public Names names() {
    return names;
  }

  @Override
  public String toString() {
    return names.label();
  }
}
