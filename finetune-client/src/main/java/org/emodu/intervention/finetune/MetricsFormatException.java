package org.emodu.intervention.finetune;

/** A result file that is not the metrics CSV the API writes; the message names the file, line and column. */
public class MetricsFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public MetricsFormatException(String message) {
    super(message);
  }
}
