package org.emodu.intervention.core;

/** A setting that is missing or cannot be used. The message names the setting, never a secret's value. */
public class SettingsException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public SettingsException(String message) {
    super(message);
  }

  public SettingsException(String message, Throwable cause) {
    super(message, cause);
  }
}
