package org.emodu.intervention.core.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.Sleeper;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.emodu.intervention.core.MissingSettingsException;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.SettingsException;
import org.emodu.intervention.core.internal.Secrets;
import org.emodu.intervention.core.internal.io.UntrustedText;

/**
 * How to reach OpenAI or an OpenAI-compatible server (Azure OpenAI, vLLM, llama.cpp, Ollama): key,
 * base URL, timeout, retries and how many requests may be in flight at once. Builds the official
 * {@code openai-java} client; build it once and share it, it is thread-safe and pools connections.
 *
 * <p>{@link #toString} never shows the key.
 */
public final class OpenAiConnection {

  /** The official API's base URL, used when none is given. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_RETRIES = 2;
  /** Requests in flight at once, per host; OkHttp's own default is 5 for asynchronous calls. */
  public static final int DEFAULT_MAX_CONNECTIONS = 256;
  /**
   * How long an idle connection is kept for reuse: under the 5 s after which Node's and uvicorn's
   * servers close idle connections, as vLLM and most OpenAI-compatible proxies do.
   */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(4);

  private final String apiKey;
  private final String baseUrl;
  private final Duration timeout;
  private final int maxRetries;
  private final int maxConnections;
  private final Duration keepAlive;
  private final Optional<Sleeper> sleeper;

  private OpenAiConnection(Builder builder) {
    this.apiKey = Objects.requireNonNull(builder.apiKey, "apiKey");
    this.baseUrl = builder.baseUrl;
    this.timeout = builder.timeout;
    this.maxRetries = builder.maxRetries;
    this.maxConnections = builder.maxConnections;
    this.keepAlive = builder.keepAlive;
    this.sleeper = Optional.ofNullable(builder.sleeper);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The connection the settings describe: {@value Settings#OPENAI_API_KEY},
   * {@value Settings#OPENAI_BASE_URL}, {@value Settings#TIMEOUT_MS},
   * {@value Settings#MAX_RETRIES}, {@value Settings#MAX_CONNECTIONS} and {@value Settings#KEEP_ALIVE_MS}.
   *
   * @throws MissingSettingsException when no API key is set
   * @throws SettingsException when a value is out of range
   */
  public static OpenAiConnection fromSettings(Settings settings) {
    settings.require("calling a model", Settings.OPENAI_API_KEY);
    return builder()
        .apiKey(settings.get(Settings.OPENAI_API_KEY).orElseThrow())
        .baseUrl(settings.get(Settings.OPENAI_BASE_URL, DEFAULT_BASE_URL))
        .timeout(settings.millis(Settings.TIMEOUT_MS, DEFAULT_TIMEOUT))
        .maxRetries(settings.intValue(Settings.MAX_RETRIES, DEFAULT_MAX_RETRIES, 0, 10))
        .maxConnections(settings.intValue(Settings.MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS, 1, 65_536))
        .keepAlive(settings.millis(Settings.KEEP_ALIVE_MS, DEFAULT_KEEP_ALIVE))
        .build();
  }

  /** The base URL as configured, credentials included when it has any; {@link #shownBaseUrl()} is for messages. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The base URL for messages and logs: any user and password in it shown as {@code [redacted]}. */
  public String shownBaseUrl() {
    return Secrets.redact(baseUrl);
  }

  /** The server's host and port, for messages: never credentials or paths. */
  public String host() {
    try {
      URI uri = URI.create(baseUrl);
      return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    } catch (IllegalArgumentException e) {
      return "the configured server";
    }
  }

  public Duration timeout() {
    return timeout;
  }

  public int maxRetries() {
    return maxRetries;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public Duration keepAlive() {
    return keepAlive;
  }

  /** Removes the key from a text that might echo it. */
  String redact(String text) {
    return text == null ? null : Secrets.redact(text.replace(apiKey, "[redacted]"));
  }

  /**
   * A new SDK client. Its HTTP client allows {@link #maxConnections()} requests in flight (OkHttp
   * would otherwise queue asynchronous calls beyond 5 per host) and applies the timeout to each
   * attempt; the SDK retries 408, 409, 429 and 5xx answers {@link #maxRetries()} times with
   * backoff, honouring {@code Retry-After}.
   */
  public OpenAIClient newClient() {
    return newClient(new InFlightCalls());
  }

  /** As above, with {@code calls} able to stop the HTTP work of a request nobody waits for any more. */
  OpenAIClient newClient(InFlightCalls calls) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(maxConnections);
    dispatcher.setMaxRequestsPerHost(maxConnections);
    OkHttpClient http = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        // A pooled connection the server has closed meanwhile fails on reuse, and the SDK retries
        // that call only after its backoff of half a second or more: idle connections are closed
        // here first, after the keep-alive.
        .connectionPool(new ConnectionPool(Math.min(maxConnections, 1024), keepAlive.toMillis(), TimeUnit.MILLISECONDS))
        .connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
        // The call timeout bounds the whole attempt, every read and write included, so per-read
        // and per-write timeouts of the same length could never fire first. They are off because
        // okio keeps every pending timeout in one sorted list under one lock: with hundreds of
        // calls in flight, registering each blocking read there cost more than the call itself.
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .callTimeout(timeout)
        .retryOnConnectionFailure(false)
        .addInterceptor(calls)
        .build();
    OpenAIOkHttpClient.Builder client = OpenAIOkHttpClient.builder()
        .okHttpClient(http)
        .apiKey(apiKey)
        .baseUrl(baseUrl)
        .maxRetries(maxRetries);
    sleeper.ifPresent(client::sleeper);
    return client.build();
  }

  @Override
  public String toString() {
    return "OpenAiConnection{baseUrl=" + shownBaseUrl() + ", apiKey=[set], timeout=" + timeout
        + ", maxRetries=" + maxRetries + ", maxConnections=" + maxConnections + ", keepAlive=" + keepAlive + "}";
  }

  /** Builds an {@link OpenAiConnection}; only the API key is required. */
  public static final class Builder {
    private String apiKey;
    private String baseUrl = DEFAULT_BASE_URL;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private Duration keepAlive = DEFAULT_KEEP_ALIVE;
    private Sleeper sleeper;

    private Builder() {}

    public Builder apiKey(String apiKey) {
      if (apiKey == null || apiKey.isBlank()) {
        throw new IllegalArgumentException("the API key is blank; set " + Settings.OPENAI_API_KEY);
      }
      this.apiKey = apiKey.strip();
      return this;
    }

    /** The API's base URL, such as {@code http://localhost:11434/v1} for Ollama. */
    public Builder baseUrl(String baseUrl) {
      URI uri;
      try {
        uri = URI.create(baseUrl.strip());
      } catch (IllegalArgumentException e) {
        throw new SettingsException(
            Settings.OPENAI_BASE_URL + " is not a URL: " + UntrustedText.printable(Secrets.redact(baseUrl), 80));
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new SettingsException(Settings.OPENAI_BASE_URL
            + " must be an http or https URL such as https://api.openai.com/v1, got "
            + UntrustedText.printable(Secrets.redact(baseUrl), 80));
      }
      this.baseUrl = baseUrl.strip().replaceAll("/+$", "");
      return this;
    }

    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries cannot be negative, got " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    public Builder maxConnections(int maxConnections) {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
      }
      this.maxConnections = maxConnections;
      return this;
    }

    /**
     * How long an idle connection is kept for reuse. Keep it under the server's own idle timeout
     * (5 s for Node and uvicorn, 75 s for nginx): longer only saves a reconnection, and a TLS
     * handshake, after a pause.
     */
    public Builder keepAlive(Duration keepAlive) {
      if (keepAlive.isNegative() || keepAlive.isZero()) {
        throw new IllegalArgumentException("the keep-alive must be positive, got " + keepAlive);
      }
      this.keepAlive = keepAlive;
      return this;
    }

    /** How the SDK waits between retries; tests record the waits instead of sleeping. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    public OpenAiConnection build() {
      if (apiKey == null) {
        throw new MissingSettingsException("calling a model", java.util.List.of(Settings.OPENAI_API_KEY));
      }
      return new OpenAiConnection(this);
    }
  }
}
