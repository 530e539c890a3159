package org.emodu.intervention.finetune;

/** The server cannot be asked whether an upload arrived; the message says so and what the next run does. */
final class UnverifiableUploadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UnverifiableUploadException(String message) {
    super(message);
  }
}
