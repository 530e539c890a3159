package org.emodu.intervention.live;

import java.util.Locale;
import org.emodu.intervention.core.SettingsException;

/**
 * Opens the {@link PolicyStore} a setting names ({@value PolicySettings#STATE}): {@code memory}
 * (the default) for state in this JVM. A Redis address ({@code redis://host:port[/db]}) is refused
 * with a message saying that the Redis store's module is needed: that module opens Redis stores.
 */
public final class PolicyStores {

  private PolicyStores() {}

  /**
   * The store {@code state} names; blank or {@code null} means {@code memory}.
   *
   * @throws SettingsException naming {@value PolicySettings#STATE} when the value is not a store this build can open
   */
  public static PolicyStore open(String state) {
    String value = state == null ? "" : state.strip();
    if (value.isEmpty() || value.equalsIgnoreCase("memory")) {
      return new MemoryPolicyStore();
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.startsWith("redis://") || lower.startsWith("rediss://")) {
      throw new SettingsException(PolicySettings.STATE + " names a Redis server, but this build has no Redis"
          + " store: put the live-redis module on the class path and open it with"
          + " org.emodu.intervention.live.redis.PolicyStores.open (the server does), or set " + PolicySettings.STATE
          + "=memory");
    }
    throw new SettingsException(PolicySettings.STATE + " must be memory or redis://host:port[/db], got '"
        + printable(value) + "'");
  }

  private static String printable(String value) {
    // A URL may carry a password; nothing past the scheme's first characters is shown.
    String shown = value.replaceAll("\\p{Cc}", "?");
    int at = shown.indexOf('@');
    if (at >= 0) {
      shown = "…" + shown.substring(at);
    }
    return shown.length() > 40 ? shown.substring(0, 40) + "…" : shown;
  }
}
