package org.emodu.intervention.server;

import java.io.UncheckedIOException;
import java.net.BindException;

/**
 * The server could not listen on its address: the port is taken or needs privileges. The message
 * says to choose another port (the builder's {@code port}, or the {@value ServerSettings#PORT}
 * setting); {@link #problem()} is the same without that advice, so an adapter can name its own way
 * of choosing one.
 */
public class PortUnavailableException extends UncheckedIOException {

  private static final long serialVersionUID = 1L;

  private final String host;
  private final int port;

  public PortUnavailableException(String host, int port, BindException cause) {
    super(problem(host, port) + "; choose another port with port(int) or " + ServerSettings.PORT, cause);
    this.host = host;
    this.port = port;
  }

  /** The address the server was to listen on. */
  public String host() {
    return host;
  }

  /** The port that could not be bound. */
  public int port() {
    return port;
  }

  /** Which address could not be listened on and why, without the advice on choosing another. */
  public String problem() {
    return problem(host, port);
  }

  private static String problem(String host, int port) {
    return "cannot listen on " + host + ":" + port + ": the port is in use or needs privileges";
  }
}
