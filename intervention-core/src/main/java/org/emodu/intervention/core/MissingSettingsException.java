package org.emodu.intervention.core;

import java.util.List;

/** Settings that a chosen feature needs and that are not set, named but never valued. */
public class MissingSettingsException extends SettingsException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> missing;

  public MissingSettingsException(String purpose, List<String> missing) {
    super(purpose + " needs " + String.join(", ", missing) + (missing.size() == 1 ? ", which is" : ", which are")
        + " not set; set " + (missing.size() == 1 ? "it" : "them") + " in the environment or in a .env file");
    this.missing = List.copyOf(missing);
  }

  /** The names of the missing settings. */
  public List<String> missing() {
    return missing;
  }
}
