package org.emodu.intervention.core;

import org.emodu.intervention.core.internal.Secrets;

/**
 * A model could not produce an answer. The message says what happened and what to do about it; it
 * never holds the API key or the request's personal data.
 */
public class ModelException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Kind kind;
  private final int status;

  public ModelException(Kind kind, String message) {
    this(kind, 0, message, null);
  }

  public ModelException(Kind kind, int status, String message, Throwable cause) {
    super(Secrets.redact(message), cause);
    this.kind = kind;
    this.status = status;
  }

  /** What kind of failure this is. */
  public Kind kind() {
    return kind;
  }

  /**
   * Whether asking again later may succeed: the server was busy, failing, slow or out of reach,
   * rather than refusing the key or the request.
   */
  public boolean isTransient() {
    return switch (kind) {
      case RATE_LIMITED, SERVER_ERROR, TIMEOUT, CONNECTION -> true;
      default -> false;
    };
  }

  /** The HTTP status the server answered with, or 0 when there was no answer. */
  public int status() {
    return status;
  }

  /** The kinds of model failure an adapter may want to tell apart. */
  public enum Kind {
    /** The server rejected the API key (401) or refused the request for the key (403). */
    AUTHENTICATION,
    /** The server kept answering 429 after the retries. */
    RATE_LIMITED,
    /** The server kept failing (5xx) after the retries. */
    SERVER_ERROR,
    /** The server refused the request as malformed (400, 404, 422): a setting is likely wrong. */
    BAD_REQUEST,
    /** No answer came in time. */
    TIMEOUT,
    /** The server could not be reached. */
    CONNECTION,
    /** The server answered with something that is not a chat completion, or with no text. */
    MALFORMED_RESPONSE
  }
}
