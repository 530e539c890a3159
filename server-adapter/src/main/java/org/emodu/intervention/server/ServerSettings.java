package org.emodu.intervention.server;

/**
 * The names of the settings only the HTTP adapter reads, beside the toolkit's own in
 * {@link org.emodu.intervention.core.Settings} (which the adapter also honours: the model, the
 * deadline {@code INTERVENSI_DEADLINE_MS}, {@code INTERVENSI_FALLBACK}, {@code INTERVENSI_LOG} and
 * the rest). Values come from the environment or {@code ./.env} like every other setting.
 */
public final class ServerSettings {

  /** The port to listen on when {@code --port} is not given; 8000, as in the seed system, when unset. */
  public static final String PORT = "PORT";

  /** The address to bind; {@code 0.0.0.0} (every interface) when unset. */
  public static final String HOST = "INTERVENSI_HOST";

  /**
   * Comma-separated bearer tokens. When set, every route but {@code /healthz} and {@code /readyz}
   * needs {@code Authorization: Bearer <token>} with one of them.
   */
  public static final String API_TOKENS = "INTERVENSI_API_TOKENS";

  /**
   * Requests a minute each client may make: per token when tokens are set, per remote address
   * otherwise. Unset or {@code 0} means no limit.
   */
  public static final String RATE_LIMIT = "INTERVENSI_RATE_LIMIT";

  /** Comma-separated origins browsers may call from ({@code https://emodu.example}); {@code *} for any. */
  public static final String CORS_ORIGINS = "INTERVENSI_CORS_ORIGINS";

  /**
   * Where the live-class state and the per-client rate limit live: {@code memory} (the default, in
   * this process) or {@code redis://[:password@]host:port[/db]}, shared by every instance that names
   * the same Redis.
   */
  public static final String STATE = "INTERVENSI_STATE";

  /** How long a command to the state's Redis may take, in milliseconds; 200 when unset. */
  public static final String STATE_TIMEOUT = "INTERVENSI_STATE_TIMEOUT_MS";

  /** The default port, the seed system's. */
  public static final int DEFAULT_PORT = 8000;

  /**
   * How many model requests may be in flight at once when {@code INTERVENSI_MAX_CONNECTIONS} is
   * unset: higher than the library's default, because a server under a slow model holds one per
   * waiting request.
   */
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;

  private ServerSettings() {}
}
