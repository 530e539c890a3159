package org.emodu.intervention.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.emodu.intervention.core.internal.io.UntrustedText;

/** Which way to generate: a model with the base or fine-tuned prompt, offline, or decided by settings. */
public enum Profile {
  /** {@link #BASE} when an API key is set, {@link #OFFLINE} otherwise; model failures fall back offline. */
  AUTO("auto"),
  /** The built-in (or configured) exemplar corpus; no network, no key. */
  OFFLINE("offline"),
  /** A general model with the long instruction prompt. */
  BASE("base"),
  /** A fine-tuned model with the short prompt it was trained with. */
  FINETUNED("finetuned");

  private final String label;

  Profile(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * Parses a profile name, any case; {@code fine-tuned} is accepted for {@code finetuned}.
   *
   * @throws IllegalArgumentException listing the accepted names
   */
  public static Profile parse(String text) {
    String key = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    for (Profile profile : values()) {
      if (profile.label.equals(key)) {
        return profile;
      }
    }
    throw new IllegalArgumentException("profile '" + UntrustedText.printable(String.valueOf(text), 40)
        + "' is not known; use one of: " + choices());
  }

  public static String choices() {
    return Arrays.stream(values()).map(Profile::label).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return label;
  }
}
