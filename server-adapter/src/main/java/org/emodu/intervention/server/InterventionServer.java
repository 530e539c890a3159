package org.emodu.intervention.server;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.util.JavalinBindException;
import io.javalin.util.JavalinException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.chat.ChatBackend;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.internal.BlockingWork;
import org.emodu.intervention.core.internal.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP adapter Emodu's services call while a class is live: the seed-compatible
 * {@code GET /openai}, the typed {@code POST /v1/interventions}, {@code GET /v1/options},
 * {@code /healthz}, {@code /readyz}, {@code /metrics} (Prometheus) and {@code /openapi.json}, on
 * Javalin and Jetty.
 *
 * <p>Every generation is bounded by {@value Settings#DEADLINE_MS} (3 s by default); a model that is
 * late or fails is answered by the offline generator, marked as a fallback, unless
 * {@value Settings#FALLBACK} is off, when the answer is 504 or 502. Model calls are asynchronous,
 * so a slow model holds no request thread. Bearer tokens ({@value ServerSettings#API_TOKENS}), a
 * per-client rate ({@value ServerSettings#RATE_LIMIT}) and a CORS allow-list
 * ({@value ServerSettings#CORS_ORIGINS}) make it safe to expose. Students' names and texts never
 * reach the access log; they reach the interaction log only when {@value Settings#LOG} names one.
 *
 * <pre>{@code
 * try (InterventionServer server = InterventionServer.builder(Settings.load()).port(8000).start()) {
 *   server.join(); // until stop() or close() from another thread, e.g. a shutdown hook
 * }
 * }</pre>
 *
 * <p>{@link #stop} stops accepting connections, lets requests in flight finish for up to the
 * shutdown grace (10 s by default), then releases the model client and the logs.
 */
public final class InterventionServer implements AutoCloseable {

  private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
  private static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

  /** The logger of the access log: one line per request, without names or texts. */
  public static final String ACCESS_LOG = AccessLog.NAME;

  /** How long {@link #stop} lets requests in flight finish, by default. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(InterventionServer.class);

  /** Connections the kernel may queue before the server accepts them (capped by {@code net.core.somaxconn}). */
  static final int ACCEPT_QUEUE = 1024;

  static {
    // With fewer than three cores the JDK gives the common fork-join pool a parallelism of 1, and
    // CompletableFuture then runs every default-executor async stage on a brand-new thread. The
    // openai-java SDK starts each asynchronous call with such a stage (thenComposeAsync), so a busy
    // server would create and destroy a thread per request. A parallelism of 2 keeps the pool in
    // use; it only takes effect when set before the pool first loads, hence here and in the
    // command line's serve command, and an explicit -D wins.
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 3) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
    // Jetty pads its thread pool's queue to a cache line, and to learn how many references fill
    // one it starts the JVM's whole JMX platform (about 200 classes) and asks it whether oops are
    // compressed. They are on every heap under 32 GB: 64 bytes hold 16. The padding only spaces
    // fields apart, so a wrong guess costs nothing but a little false sharing; an explicit -D wins.
    if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
      System.setProperty(REFERENCES_PER_CACHE_LINE, "16");
    }
  }

  private final ServerOptions options;
  private final AccessLog accessLog;
  private final ServerMetrics metrics = new ServerMetrics();
  private final SharedState state;
  private final Javalin app;
  private final BodyGate bodyGate;
  private final List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Pipeline pipeline;
  private volatile LiveClasses live;
  private volatile WarmUp.Report warmUp;
  private volatile int boundPort = -1;

  private InterventionServer(ServerOptions options, SharedState.Opener state, Duration grace, int maxPendingBodies,
      Duration bodyIdleTimeout, boolean accessLogToStandardOutput) {
    this.options = options;
    this.state = state.open(metrics);
    this.accessLog = accessLogToStandardOutput ? AccessLog.standardOutput() : AccessLog.slf4j();
    Cors cors = new Cors(options.corsOrigins());
    Guard guard = new Guard(options.tokens(), options.ratePerMinute(), options.ratePerMinute() > 0
        ? this.state.buckets(options.ratePerMinute()) : ClientBuckets.memory(0), ready::get);
    Endpoints endpoints = new Endpoints(() -> pipeline, () -> live, ready::get, this.state::unavailable, metrics, guard,
        cors, accessLog);
    this.bodyGate = new BodyGate(guard, cors, ServerOptions.MAX_BODY_BYTES, maxPendingBodies, bodyIdleTimeout,
        endpoints::refused);
    JsonErrorHandler errors = new JsonErrorHandler();
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.startup.startupWatcherEnabled = false;
      config.http.prefer405over404 = true;
      config.http.maxRequestSize = ServerOptions.MAX_BODY_BYTES;
      // A safety net only: every generation ends by the deadline on its own.
      config.http.asyncTimeout = options.deadline().toMillis() + 10_000;
      // Jetty learns each connection's repeated header fields in a trie of 50 KB per connection.
      // Our requests carry a handful of short headers, so the cache saves little parsing, while
      // 512 connections hold 25 MB in it: the young collections that copy those tries until they
      // are promoted took 35 ms instead of 20 in bench/http scenario b.
      config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
      config.jetty.addConnector((server, http) -> {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        // The JDK's default backlog of 50 overflows when a class's worth of clients connect at
        // once; the kernel then drops their handshakes and they retry a second or more later.
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        return connector;
      });
      config.jetty.modifyServer(server -> {
        // Stop accepting, let requests in flight finish (for up to the grace), then stop. The
        // graceful handler replaces Javalin's default StatisticsHandler, whose counters nobody
        // reads here (the server's figures are Micrometer's) but every request paid for.
        // Bodies are read in full, without a thread waiting for them, before Javalin sees the request.
        server.setHandler(new GracefulHandler(bodyGate));
        server.setStopTimeout(grace.toMillis());
        server.setErrorHandler(errors);
      });
      config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
      config.requestLogger.http(endpoints::completed);
      config.routes.before(endpoints::before);
      config.routes.get(Endpoints.SEED, endpoints::seed);
      config.routes.post(Endpoints.INTERVENTIONS, endpoints::interventions);
      config.routes.post(Endpoints.OBSERVATIONS, endpoints::observation);
      config.routes.post(Endpoints.OBSERVATIONS_BATCH, endpoints::observationBatch);
      config.routes.get(Endpoints.OPTIONS, endpoints::options);
      config.routes.get(Endpoints.HEALTH, endpoints::health);
      config.routes.get(Endpoints.READY, endpoints::ready);
      config.routes.get(Endpoints.METRICS, endpoints::metrics);
      config.routes.get(Endpoints.OPENAPI, endpoints::openApi);
      // HEAD answers as GET would, status and headers, without the body (Jetty sends none). Left
      // to Javalin, HEAD would answer 200 for any route with a GET handler, without running it.
      config.routes.head(Endpoints.SEED, endpoints::seed);
      config.routes.head(Endpoints.OPTIONS, endpoints::options);
      config.routes.head(Endpoints.HEALTH, endpoints::health);
      config.routes.head(Endpoints.READY, endpoints::ready);
      config.routes.head(Endpoints.METRICS, endpoints::metrics);
      config.routes.head(Endpoints.OPENAPI, endpoints::openApi);
      if (cors.enabled()) {
        for (String route : List.of(Endpoints.SEED, Endpoints.INTERVENTIONS, Endpoints.OBSERVATIONS,
            Endpoints.OBSERVATIONS_BATCH, Endpoints.OPTIONS, Endpoints.OPENAPI)) {
          config.routes.options(route, endpoints::preflight);
        }
      }
      config.routes.exception(ApiError.class, endpoints::apiError);
      config.routes.exception(HttpResponseException.class, endpoints::httpError);
      config.routes.exception(Exception.class, endpoints::unexpected);
    });
  }

  /** A builder reading its defaults from {@code settings}. */
  public static Builder builder(Settings settings) {
    return new Builder(settings);
  }

  /** The port the server listens on (the chosen one when the builder asked for port 0). */
  public int port() {
    return boundPort;
  }

  /** Where to reach the server from this machine, such as {@code http://localhost:8000}. */
  public URI uri() {
    String host = options.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
      host = "localhost";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port());
  }

  /** The profile in effect: never {@link Profile#AUTO}, which resolves to base or offline. */
  public Profile profile() {
    return pipeline.profile();
  }

  /** What an operator should be told once about how the server is set up. */
  public List<String> notices() {
    return List.copyOf(notices);
  }

  /** Whether the server answers generation routes: started, generator built, not stopping. */
  public boolean ready() {
    return ready.get();
  }

  /** What ran before the server turned ready, so that the first requests past their deadline are on time. */
  WarmUp.Report warmUp() {
    return warmUp;
  }

  /** Request bodies being read (or dropped) now, none of them holding a thread. */
  int pendingBodies() {
    return bodyGate.pending();
  }

  /** The live-class state and rate-limit buckets this server keeps, in memory or in Redis. */
  SharedState state() {
    return state;
  }

  /** Whether {@link #stop} has begun. */
  public boolean stopping() {
    return stopping.get();
  }

  /** Waits until the server has stopped. */
  public void join() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops gracefully: turns not ready, stops accepting connections, lets requests in flight finish
   * for up to the grace, then releases the model client and the logs. Returns when stopped; a
   * second call waits for the first.
   */
  public void stop() {
    if (!stopping.compareAndSet(false, true)) {
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    ready.set(false);
    try {
      app.stop();
    } catch (JavalinException e) {
      if (!(e.getCause() instanceof TimeoutException)) {
        throw e;
      }
      log.warn("requests still in flight after the shutdown grace were cut off");
    } finally {
      try {
        LiveClasses classes = live;
        if (classes != null) {
          classes.close();
        }
        Pipeline current = pipeline;
        if (current != null) {
          current.close();
        }
      } finally {
        try {
          accessLog.close();
        } finally {
          state.close();
          stopped.countDown();
        }
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Chooses how the server generates and where it listens, then starts it. */
  public static final class Builder {
    private final Settings settings;
    private Profile profile = Profile.AUTO;
    private Integer port;
    private String host;
    private Long seed;
    private Pipeline.Model model;
    private org.emodu.intervention.live.PolicyStore policyStore;
    private Duration grace = DEFAULT_SHUTDOWN_GRACE;
    private int maxPendingBodies = BodyGate.DEFAULT_MAX_PENDING;
    private Duration bodyIdleTimeout = BodyGate.DEFAULT_IDLE_TIMEOUT;
    private boolean accessLogToStandardOutput;

    private Builder(Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** How to generate; {@link Profile#AUTO} (the default) asks the base model when a key is set. */
    public Builder profile(Profile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /** The port, overriding {@value ServerSettings#PORT}; 0 picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("the port must be from 0 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The address to bind, overriding {@value ServerSettings#HOST}, such as {@code 127.0.0.1}. */
    public Builder host(String host) {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("the host is blank; give an address such as 127.0.0.1 or 0.0.0.0");
      }
      this.host = host.strip();
      return this;
    }

    /**
     * Keeps the live-class policy's state in this store instead of the one
     * {@value org.emodu.intervention.live.PolicySettings#STATE} names: for servers in one JVM sharing
     * a store, or a store of the caller's own. The caller closes it, after the server.
     */
    public Builder policyStore(org.emodu.intervention.live.PolicyStore store) {
      this.policyStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Makes the offline generator's choices repeatable. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Asks this backend with this prompt instead of the model the settings describe: another
     * provider, or a stand-in in tests.
     */
    public Builder model(ChatBackend backend, PromptProfile prompt) {
      this.model = new Pipeline.Model(Objects.requireNonNull(backend, "backend"), Objects.requireNonNull(prompt, "prompt"));
      return this;
    }

    /**
     * Writes the access log (one line per request, no names or texts) to standard output itself,
     * on a thread of its own, instead of through SLF4J's logger {@code intervensi.access} at info,
     * the default. For a process whose logging set-up leaves that logger unconfigured, as the
     * command line's does.
     */
    public Builder accessLogToStandardOutput() {
      this.accessLogToStandardOutput = true;
      return this;
    }

    /** How long {@link #stop} lets requests in flight finish; 10 s by default. */
    public Builder shutdownGrace(Duration grace) {
      if (grace.isNegative()) {
        throw new IllegalArgumentException("the shutdown grace cannot be negative, got " + grace);
      }
      this.grace = grace;
      return this;
    }

    /** How many request bodies may be arriving at once before more are refused 503; 1024 by default. */
    Builder maxPendingBodies(int maxPendingBodies) {
      if (maxPendingBodies < 1) {
        throw new IllegalArgumentException("maxPendingBodies must be at least 1, got " + maxPendingBodies);
      }
      this.maxPendingBodies = maxPendingBodies;
      return this;
    }

    /** How long a request body may pause before it is answered 408; 5 s by default. */
    Builder bodyIdleTimeout(Duration bodyIdleTimeout) {
      if (bodyIdleTimeout.isNegative() || bodyIdleTimeout.isZero()) {
        throw new IllegalArgumentException("bodyIdleTimeout must be positive, got " + bodyIdleTimeout);
      }
      this.bodyIdleTimeout = bodyIdleTimeout;
      return this;
    }

    /**
     * Starts listening while it builds the generator (on a thread of its own), then turns ready.
     * Until ready, {@code /healthz} answers and the generation routes answer 503.
     *
     * @throws org.emodu.intervention.core.SettingsException when a setting's value cannot be used
     * @throws org.emodu.intervention.core.MissingSettingsException when the profile lacks a setting
     * @throws PortUnavailableException when the port cannot be bound
     * @throws UncheckedIOException when the interaction log cannot be opened
     */
    public InterventionServer start() {
      // Jetty's MimeTypes lists every locale the JDK knows when it first loads, in Jetty's start,
      // and the JDK builds that list once by parsing each of its providers' hundreds of language
      // tags: a fifth of the main thread's start-up. Built now on another thread, it is ready by
      // the time Jetty asks.
      Threads.start("intervensi-locales", Locale::getAvailableLocales);
      ServerOptions options = ServerOptions.from(settings);
      if (port != null) {
        options = options.withPort(port);
      }
      if (host != null) {
        options = options.withHost(host);
      }
      InterventionServer server = new InterventionServer(options, metrics -> SharedState.open(settings, metrics), grace,
          maxPendingBodies, bodyIdleTimeout, accessLogToStandardOutput);
      // The generator is built on a thread of its own while Jetty starts: each is about half of
      // the start-up, and the two share no state until the server turns ready.
      ServerOptions chosen = options;
      CompletableFuture<Pipeline> building = new CompletableFuture<>();
      Threads.start("intervensi-start", () -> {
        try {
          building.complete(Pipeline.open(settings, chosen, profile, Optional.ofNullable(seed), Optional.ofNullable(model),
              server.metrics));
        } catch (RuntimeException | Error e) {
          building.completeExceptionally(e);
        }
      });
      try {
        server.app.start();
        server.boundPort = server.app.port();
      } catch (JavalinBindException e) {
        try {
          BlockingWork.join(building).close();
        } catch (RuntimeException ignored) {
          // The port is the failure to report; a generator that also failed was never used.
        } finally {
          server.accessLog.close();
          server.state.close();
        }
        BindException bind = new BindException("cannot listen on " + options.host() + ":" + options.port());
        throw new PortUnavailableException(options.host(), options.port(), bind);
      }
      try {
        server.pipeline = BlockingWork.join(building);
        server.notices.addAll(server.pipeline.notices());
        server.live = LiveClasses.open(settings, server.pipeline, server.metrics, Optional.ofNullable(policyStore),
            server.state);
        WarmUp.Report warmed = server.pipeline.warmUp();
        server.warmUp = warmed;
        log.debug("warmed up in {} ms: {} fallbacks, {} timeouts, {} model calls cancelled before sending",
            warmed.millis(), warmed.fallbacks(), warmed.timeouts(), warmed.cancelledCalls());
      } catch (RuntimeException e) {
        server.stop();
        throw e;
      }
      server.ready.set(true);
      if (server.state.shared()) {
        server.notices.add("live-class state and rate limits in " + server.state.describe()
            + server.state.unavailable().map(reason -> "; it does not answer yet, so /readyz answers 503 until it does")
                .orElse(""));
      }
      if (options.tokens().isEmpty() && !isLoopback(options.host())) {
        server.notices.add(ServerSettings.API_TOKENS + " is not set: anyone who can reach port " + server.port()
            + " may generate (and spend model credit); set it before exposing the server");
      }
      return server;
    }

    private static boolean isLoopback(String host) {
      return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }
  }
}
