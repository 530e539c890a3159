package org.emodu.intervention.live.redis;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.emodu.intervention.live.MemoryPolicyStore;
import org.emodu.intervention.live.PolicyStore;

/**
 * Opens the {@link PolicyStore} that the setting {@value #SETTING} names: {@code memory} (the
 * default: state in this JVM, for one server) or {@code redis://[:password@]host:port[/db]} (state
 * in that Redis, shared by every server that names it).
 *
 * <pre>{@code
 * try (PolicyStore store = PolicyStores.open(settings.get("INTERVENSI_STATE", "memory"))) { ... }
 * }</pre>
 */
public final class PolicyStores {

  /** The setting that names the store. */
  public static final String SETTING = "INTERVENSI_STATE";

  /** The value for state in this JVM. */
  public static final String MEMORY = "memory";

  /**
   * How long a Redis command may take before the store reports the state unavailable, by default.
   * Held here rather than only in {@link RedisPolicyStore}, so that reading it loads no Redis
   * client (a server with its state in memory never does).
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);

  private PolicyStores() {}

  /**
   * The store {@code state} names, Redis commands timing out after {@link #DEFAULT_TIMEOUT}.
   *
   * @throws IllegalArgumentException naming {@value #SETTING} and the accepted forms when {@code state} is neither
   */
  public static PolicyStore open(String state) {
    return open(state, DEFAULT_TIMEOUT);
  }

  /**
   * As {@link #open(String)}, a Redis command timing out after {@code timeout}.
   *
   * @throws IllegalArgumentException naming {@value #SETTING} and the accepted forms when {@code state} is neither
   */
  public static PolicyStore open(String state, Duration timeout) {
    Objects.requireNonNull(state, "state");
    String value = state.strip();
    if (value.isEmpty() || value.toLowerCase(Locale.ROOT).equals(MEMORY)) {
      return new MemoryPolicyStore();
    }
    if (value.toLowerCase(Locale.ROOT).startsWith("redis://")) {
      try {
        return RedisPolicyStore.open(value, timeout);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(SETTING + " " + e.getMessage(), e);
      }
    }
    throw new IllegalArgumentException(SETTING + " is '" + RedisLocation.masked(value) + "'; give " + MEMORY
        + " (state in this process, the default) or " + RedisLocation.FORM + " (state in Redis, shared by every server"
        + " that names it)");
  }
}
