package org.emodu.intervention.live.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.emodu.intervention.live.PolicyStore;
import org.emodu.intervention.live.StateUnavailableException;

/**
 * A {@link PolicyStore} in Redis, through Lettuce: every server instance that names the same Redis
 * shares the policy's state, so two instances deciding about one student at the same moment cannot
 * both intervene.
 *
 * <p>A value is a hash {@code {value, version}} under the caller's key (the policy prefixes its
 * keys {@code intervensi:}); {@link #compareAndSet} is one Lua script that checks the version,
 * writes both fields and sets the expiry, and {@link #tryAcquire} is one that counts a window's
 * permits under {@code key:windowStart}, the count expiring two windows after its first permit. A
 * Redis restarted without its script cache is answered by sending the script again.
 *
 * <p>A live class cannot wait for its state: each command has a short timeout (200 ms by
 * default), a command sent while the connection is down fails at once instead of queueing, and
 * every failure (refused, timed out, an error reply) is a {@link StateUnavailableException} whose
 * message names the Redis as {@code host:port/db}, never its password. Lettuce reconnects on its
 * own, retrying at most a second apart, so a Redis that comes back is used again; a Redis that was
 * down when the store opened is connected to on the next call. One connection, multiplexed, serves
 * every thread. Thread-safe.
 *
 * <pre>{@code
 * try (RedisPolicyStore store = RedisPolicyStore.open("redis://localhost:6379/0", Duration.ofMillis(200))) {
 *   store.compareAndSet("intervensi:student:7a:s1", 0, state, Duration.ofHours(2));
 * }
 * }</pre>
 */
public final class RedisPolicyStore implements PolicyStore {

  /** How long a command may take before the store reports the state unavailable, by default. */
  public static final Duration DEFAULT_TIMEOUT = PolicyStores.DEFAULT_TIMEOUT;

  /** The longest pause between Lettuce's attempts to reconnect. */
  private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

  /** How long a connection attempt may go on (callers wait for it only up to the command timeout). */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  /** Writes the value and the next version if the version is still the expected one (0: no key). */
  private static final Script COMPARE_AND_SET = Script.load("compare-and-set.lua");

  /** Takes a permit if fewer than the limit are taken; the first one starts the count's expiry. */
  private static final Script ACQUIRE = Script.load("acquire.lua");

  private static final String VALUE = "value";
  private static final String VERSION = "version";

  private final RedisLocation location;
  private final Duration timeout;
  private final ClientResources resources;
  private final RedisClient client;
  private final RedisURI uri;
  private volatile StatefulRedisConnection<String, byte[]> connection;
  private CompletableFuture<StatefulRedisConnection<String, byte[]>> connecting;
  private boolean closed;

  private RedisPolicyStore(RedisLocation location, Duration timeout) {
    this.location = location;
    this.timeout = timeout;
    this.uri = location.toRedisUri(timeout);
    this.resources = DefaultClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build())
        .build());
  }

  /**
   * Opens a store on the Redis that {@code uri} names ({@code redis://[:password@]host:port[/db]}),
   * with {@link #DEFAULT_TIMEOUT}. Connects at once when the Redis answers; when it does not, the
   * store still opens, reports itself unavailable, and connects on a later call.
   *
   * @throws IllegalArgumentException when {@code uri} is not such a URI (the message masks any password)
   */
  public static RedisPolicyStore open(String uri) {
    return open(uri, DEFAULT_TIMEOUT);
  }

  /**
   * As {@link #open(String)}, with {@code timeout} for each command.
   *
   * @param timeout how long a command may take; positive
   */
  public static RedisPolicyStore open(String uri, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeout must be at least 1 ms, got " + timeout);
    }
    RedisPolicyStore store = new RedisPolicyStore(RedisLocation.parse(uri), timeout);
    try {
      // The first connection of a process sets up Netty as well, which can take longer than a command may.
      store.connection(CONNECT_TIMEOUT);
    } catch (StateUnavailableException e) {
      // Opens all the same; readiness tells, and the next call connects.
    }
    return store;
  }

  /** The Redis this store uses, as {@code host:port/db}: no password. */
  public String address() {
    return location.toString();
  }

  /** How long each command may take. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public Optional<Versioned> read(String key) {
    Objects.requireNonNull(key, "key");
    List<KeyValue<String, byte[]>> fields = call("read", commands -> commands.hmget(key, VALUE, VERSION));
    if (fields.size() != 2 || !fields.get(0).hasValue() || !fields.get(1).hasValue()) {
      return Optional.empty();
    }
    long version;
    try {
      version = Long.parseLong(new String(fields.get(1).getValue(), StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw new StateUnavailableException("Redis at " + location + " holds a version under '" + key
          + "' that is not a number; the key is not the policy's", e);
    }
    return Optional.of(new Versioned(fields.get(0).getValue(), version));
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, byte[] value, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must be 0 (absent) or a version, got " + expectedVersion);
    }
    long ttlMillis = positiveMillis(ttl, "ttl");
    Long written = call("compareAndSet", commands -> eval(commands, COMPARE_AND_SET, key,
        number(expectedVersion), value, number(ttlMillis)));
    return written == 1L;
  }

  @Override
  public boolean tryAcquire(String key, Instant at, Duration window, int limit) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(at, "at");
    long windowMillis = positiveMillis(window, "window");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    long windowStart = Math.floorDiv(at.toEpochMilli(), windowMillis) * windowMillis;
    String counter = key + ":" + windowStart;
    Long taken = call("tryAcquire", commands -> eval(commands, ACQUIRE, counter,
        number(limit), number(2 * windowMillis)));
    return taken == 1L;
  }

  /** Whether Redis answers a {@code PING} within the timeout now; connects first if need be. Never throws. */
  @Override
  public boolean available() {
    try {
      return "PONG".equalsIgnoreCase(call("ping", RedisCommands::ping));
    } catch (StateUnavailableException e) {
      return false;
    }
  }

  /**
   * The asynchronous commands of this store's connection (connecting first if need be), for a
   * component that keeps its own state beside the policy's on the same Redis, such as the server's
   * per-client rate limit. They have the store's timeout and fail at once while Redis is down.
   *
   * @throws StateUnavailableException when Redis cannot be reached now
   */
  public RedisAsyncCommands<String, byte[]> async() {
    return connection().async();
  }

  /** Closes the connection and releases Lettuce's threads. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      connection = null;
    }
    // Closes every connection the client made, and one still being made when it arrives.
    client.shutdown(Duration.ZERO, CONNECT_TIMEOUT);
    resources.shutdown(0, CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public String toString() {
    return "RedisPolicyStore[" + location + "]";
  }

  // ---- commands

  private interface Command<T> {
    T run(RedisCommands<String, byte[]> commands);
  }

  private <T> T call(String operation, Command<T> command) {
    StatefulRedisConnection<String, byte[]> current = connection();
    try {
      return command.run(current.sync());
    } catch (RuntimeException e) {
      throw unavailable(operation, e);
    }
  }

  private static Long eval(RedisCommands<String, byte[]> commands, Script script, String key, byte[]... arguments) {
    String[] keys = {key};
    try {
      return commands.evalsha(script.sha(), ScriptOutputType.INTEGER, keys, arguments);
    } catch (RedisNoScriptException e) {
      // A Redis restarted (or flushed with SCRIPT FLUSH) has forgotten the script; EVAL caches it again.
      return commands.eval(script.body(), ScriptOutputType.INTEGER, keys, arguments);
    }
  }

  /**
   * The connection, connecting first when there is none yet (Redis was down when the store
   * opened, or the last attempt failed). Lettuce itself reconnects a connection it once had.
   */
  private StatefulRedisConnection<String, byte[]> connection() {
    return connection(timeout);
  }

  private StatefulRedisConnection<String, byte[]> connection(Duration wait) {
    StatefulRedisConnection<String, byte[]> current = connection;
    if (current != null) {
      return current;
    }
    CompletableFuture<StatefulRedisConnection<String, byte[]>> attempt;
    synchronized (this) {
      if (closed) {
        throw new StateUnavailableException("the store on Redis at " + location + " is closed", null);
      }
      if (connection != null) {
        return connection;
      }
      if (connecting == null || connecting.isCompletedExceptionally()) {
        // One attempt at a time, shared by every caller that arrives while it runs.
        connecting = client.connectAsync(CODEC, uri).toCompletableFuture();
        connecting.thenAccept(this::connected);
      }
      attempt = connecting;
    }
    try {
      return attempt.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("connect", e);
    } catch (ExecutionException | TimeoutException e) {
      throw unavailable("connect", e);
    }
  }

  private void connected(StatefulRedisConnection<String, byte[]> opened) {
    boolean keep;
    synchronized (this) {
      keep = !closed;
      if (keep) {
        connection = opened;
      }
    }
    if (!keep) {
      opened.close();
    }
  }

  // ---- errors

  private StateUnavailableException unavailable(String operation, Throwable error) {
    Throwable cause = error;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String why;
    if (cause instanceof RedisCommandTimeoutException || cause instanceof TimeoutException) {
      why = "did not answer within " + timeout.toMillis() + " ms";
    } else if (firstCause(cause, RedisCommandExecutionException.class) != null) {
      // An error reply (WRONGTYPE, NOAUTH, WRONGPASS, OOM ...): Redis's own words, never the password.
      why = "answered with an error: " + firstCause(cause, RedisCommandExecutionException.class).getMessage();
    } else if (cause instanceof InterruptedException) {
      why = "was not waited for: the thread was interrupted";
    } else if (firstCause(cause, ConnectException.class) != null) {
      why = "refused the connection";
    } else {
      why = "cannot be reached (" + cause.getClass().getSimpleName() + ")";
    }
    return new StateUnavailableException("Redis at " + location + " " + why + " (" + operation + ")", cause);
  }

  private static Throwable firstCause(Throwable error, Class<? extends Throwable> kind) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (kind.isInstance(cause)) {
        return cause;
      }
    }
    return null;
  }

  // ---- encoding

  private static byte[] number(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  private static long positiveMillis(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + duration);
    }
    // Redis counts in whole milliseconds; a sub-millisecond duration lives one.
    return Math.max(1, duration.toMillis());
  }

  /** A Lua script (a resource beside this class) and its SHA-1, by which EVALSHA names it. */
  private record Script(String body, String sha) {
    static Script load(String name) {
      try (java.io.InputStream in = RedisPolicyStore.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("the script " + name + " is missing from the live-redis jar");
        }
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Script(body, sha1(body));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot read the script " + name, e);
      }
    }

    private static String sha1(String body) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-1 is missing from this Java runtime", e);
      }
    }
  }
}
