package org.emodu.intervention.live;

/**
 * A {@link PolicyStore} could not be reached or answered with something it should not hold. The
 * policy answers {@code wait} with reason {@code state-unavailable} when it sees one, so a store
 * that is down never floods a class with interventions.
 */
public class StateUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StateUnavailableException(String message) {
    super(message);
  }

  public StateUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
