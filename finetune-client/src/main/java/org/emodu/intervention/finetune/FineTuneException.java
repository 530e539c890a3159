package org.emodu.intervention.finetune;

/**
 * The fine-tuning workflow refused or stopped for a reason that is not an API failure: a job that
 * would repeat paid work, results that do not exist yet, a job that could not be followed to its end.
 * The message says what to do next. API failures are {@link org.emodu.intervention.core.ModelException}s.
 */
public class FineTuneException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FineTuneException(String message) {
    super(message);
  }

  public FineTuneException(String message, Throwable cause) {
    super(message, cause);
  }
}
