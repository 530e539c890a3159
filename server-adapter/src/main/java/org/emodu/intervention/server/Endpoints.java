package org.emodu.intervention.server;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.Labelled;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.Reinforcement;
import org.emodu.intervention.core.Strategy;
import org.emodu.intervention.core.generation.StrategySelector;
import org.emodu.intervention.core.internal.RequestIds;
import org.emodu.intervention.core.internal.Secrets;
import org.emodu.intervention.live.Observation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.emodu.intervention.core.internal.io.UntrustedText;

/**
 * The route handlers, the filters that run before them, the error writer and the per-request
 * accounting (metrics and access log). Generation runs through
 * {@link Pipeline#generate}: an answer already there (offline) is written at once; a pending one
 * (a model) is handed to Javalin with {@code ctx.future}, so no request thread waits for it.
 */
final class Endpoints {

  static final String SEED = "/openai";
  static final String INTERVENTIONS = "/v1/interventions";
  static final String OBSERVATIONS = "/v1/observations";
  static final String OBSERVATIONS_BATCH = "/v1/observations:batch";
  static final String OPTIONS = "/v1/options";
  static final String HEALTH = "/healthz";
  static final String READY = "/readyz";
  static final String METRICS = "/metrics";
  static final String OPENAPI = "/openapi.json";

  /** Every route, for the access log's route field: anything else is logged as {@code unmatched}. */
  static final Set<String> ROUTES = Set.of(SEED, INTERVENTIONS, OBSERVATIONS, OBSERVATIONS_BATCH, OPTIONS, HEALTH,
      READY, METRICS, OPENAPI);

  /** The routes answering GET, and HEAD as GET without the body. */
  static final List<String> GET_ROUTES = List.of(SEED, OPTIONS, HEALTH, READY, METRICS, OPENAPI);

  /** The HTTP methods counted by name; any other is counted as {@code other}. */
  static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

  private static final Logger log = LoggerFactory.getLogger(Endpoints.class);

  private static final String REQUEST_ID = "intervensi.requestId";
  /** Set on a request whose token and rate {@link BodyGate} checked before reading its body. */
  static final String GUARDED = "intervensi.guarded";
  private static final String EMOTION = "intervensi.emotion";
  private static final String GENERATOR = "intervensi.generator";
  private static final String FALLBACK = "intervensi.fallback";

  private final Supplier<Pipeline> pipeline;
  private final Supplier<LiveClasses> live;
  private final Supplier<Boolean> ready;
  private final Supplier<java.util.Optional<String>> stateUnavailable;
  private final ServerMetrics metrics;
  private final Guard guard;
  private final Cors cors;
  private final AccessLog accessLog;
  private final byte[] openApiDocument;
  private volatile byte[] optionsDocument;

  Endpoints(Supplier<Pipeline> pipeline, Supplier<LiveClasses> live, Supplier<Boolean> ready,
      Supplier<java.util.Optional<String>> stateUnavailable, ServerMetrics metrics, Guard guard, Cors cors,
      AccessLog accessLog) {
    this.pipeline = pipeline;
    this.live = live;
    this.ready = ready;
    this.stateUnavailable = stateUnavailable;
    this.metrics = metrics;
    this.guard = guard;
    this.cors = cors;
    this.accessLog = accessLog;
    this.openApiDocument = resource("openapi.json");
  }

  // ---- filters

  /**
   * Runs before every handler: the request id, CORS headers, then the token and the rate, except
   * for health checks, preflights, and requests whose body {@link BodyGate} admitted already;
   * {@code /metrics} needs the token but takes nothing from the rate, so scraping never spends a
   * client's allowance.
   */
  void before(Context ctx) {
    String requestId = RequestIds.next();
    ctx.attribute(REQUEST_ID, requestId);
    ctx.header(Responses.REQUEST_ID, requestId);
    if (cors.enabled()) {
      cors.decorate(ctx);
    }
    if ((guard.authenticates() || guard.limits()) && guarded(ctx.path(), ctx.method().name())
        && ctx.attribute(GUARDED) == null) {
      String client = guard.authenticate(ctx.header("Authorization"), ctx.ip());
      if (!ctx.path().equals(METRICS)) {
        guard.admit(client);
      }
    }
  }

  /** Whether a request to this path needs the token and counts against the rate: all but health checks and preflights. */
  static boolean guarded(String path, String method) {
    return !path.equals(HEALTH) && !path.equals(READY) && !method.equals("OPTIONS");
  }

  void preflight(Context ctx) {
    cors.preflight(ctx);
  }

  // ---- generation routes

  /** {@code GET /openai}: the seed's contract. */
  void seed(Context ctx) throws IOException {
    Pipeline current = readyPipeline();
    Requests.checkEncoding(ctx.queryString());
    Map<String, List<String>> parameters;
    try {
      parameters = ctx.queryParamMap();
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("query", "the query string is not valid URL encoding");
    }
    InterventionRequest request = Requests.fromQuery(parameters, current.strategySelector());
    generate(ctx, current, request, intervention -> {
      ctx.header("X-Intervensi-Fallback", Boolean.toString(intervention.fallback()));
      return Responses.seed(intervention.text());
    });
  }

  /** {@code POST /v1/interventions}: the typed route. */
  void interventions(Context ctx) throws IOException {
    Pipeline current = readyPipeline();
    InterventionRequest request = Requests.fromJson(jsonBody(ctx), current.strategySelector());
    generate(ctx, current, request, Responses::intervention);
  }

  /** {@code POST /v1/observations}: one observation, answered with the live-class policy's decision. */
  void observation(Context ctx) throws IOException {
    readyPipeline();
    LiveClasses classes = live.get();
    Observation observation = ObservationRequests.one(jsonBody(ctx));
    ctx.attribute(EMOTION, observation.emotion().label());
    answer(ctx, classes.observe(observation), Responses::decision);
  }

  /** {@code POST /v1/observations:batch}: a frame's observations, answered in order. */
  void observationBatch(Context ctx) throws IOException {
    readyPipeline();
    LiveClasses classes = live.get();
    List<Observation> observations = ObservationRequests.batch(jsonBody(ctx));
    answer(ctx, classes.observeAll(observations), Responses::decisions);
  }

  /** Writes a decision at once when it is there, or hands Javalin the pending one (a model at work). */
  private <T> void answer(Context ctx, CompletableFuture<T> future, Function<T, byte[]> body) throws IOException {
    if (future.isDone()) {
      sendDecided(ctx, future, body);
    } else {
      ctx.future(() -> future.handle((value, error) -> {
        try {
          sendDecided(ctx, future, body);
        } catch (IOException e) {
          throw new CompletionException(e);
        }
        return null;
      }));
    }
  }

  private <T> void sendDecided(Context ctx, CompletableFuture<T> future, Function<T, byte[]> body) throws IOException {
    T value;
    try {
      value = future.join();
    } catch (CompletionException | CancellationException e) {
      log.error("a live-class decision failed unexpectedly", e);
      writeError(ctx, ApiError.of(500, "internal_error", "the server failed to decide; the server log has the details"));
      return;
    }
    Responses.send(ctx, 200, body.apply(value));
  }

  /** The body of a JSON route, read in full: 400 for another content type, 413 past the limit. */
  private static byte[] jsonBody(Context ctx) {
    String contentType = ctx.contentType();
    if (contentType == null || !contentType.strip().toLowerCase(Locale.ROOT).matches("application/json\\s*(;.*)?")) {
      throw ApiError.invalid("content-type", "the Content-Type must be application/json, not "
          + (contentType == null ? "missing" : UntrustedText.quoted(contentType, 80)));
    }
    if (ctx.contentLength() > ServerOptions.MAX_BODY_BYTES) {
      throw Requests.tooLarge(ServerOptions.MAX_BODY_BYTES);
    }
    try (InputStream in = ctx.bodyInputStream()) {
      return Requests.readBody(in, ServerOptions.MAX_BODY_BYTES);
    } catch (IOException e) {
      throw ApiError.invalid("body", "the body could not be read");
    }
  }

  private Pipeline readyPipeline() {
    Pipeline current = pipeline.get();
    if (current == null || !ready.get()) {
      throw ApiError.of(503, "not_ready", "the server is starting or stopping; retry shortly")
          .withHeader("Retry-After", "1");
    }
    return current;
  }

  private void generate(Context ctx, Pipeline current, InterventionRequest request,
      Function<Intervention, byte[]> body) throws IOException {
    ctx.attribute(EMOTION, request.emotion().label());
    CompletableFuture<Intervention> future = current.generate(request);
    if (future.isDone()) {
      finish(ctx, current, future, body);
    } else {
      ctx.future(() -> future.handle((intervention, error) -> {
        try {
          finish(ctx, current, future, body);
        } catch (IOException e) {
          // Javalin unwraps this and answers a client that went away as it does for its own writes.
          throw new CompletionException(e);
        }
        return null;
      }));
    }
  }

  private void finish(Context ctx, Pipeline current, CompletableFuture<Intervention> future,
      Function<Intervention, byte[]> body) throws IOException {
    Intervention intervention;
    try {
      intervention = future.join();
    } catch (CompletionException | CancellationException e) {
      metrics.failedIntervention(current.generatorName());
      ctx.attribute(GENERATOR, current.generatorName());
      writeError(ctx, generationError(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e));
      return;
    }
    metrics.intervention(intervention);
    ctx.attribute(REQUEST_ID, intervention.requestId());
    ctx.attribute(GENERATOR, intervention.generator());
    ctx.attribute(FALLBACK, intervention.fallback() ? "true" : "false");
    ctx.header(Responses.REQUEST_ID, intervention.requestId());
    Responses.send(ctx, 200, body.apply(intervention));
  }

  private ApiError generationError(Throwable error) {
    if (error instanceof ModelException model) {
      return model.kind() == ModelException.Kind.TIMEOUT
          ? ApiError.of(504, "model_timeout", Secrets.redact(model.getMessage()))
          : ApiError.of(502, "model_failed", Secrets.redact(model.getMessage()));
    }
    if (error instanceof ApiError api) {
      return api;
    }
    log.error("generation failed unexpectedly", error);
    return ApiError.of(500, "internal_error", "the server failed to generate; the server log has the details");
  }

  // ---- information routes

  void options(Context ctx) {
    byte[] document = optionsDocument;
    if (document == null) {
      // Built from the running pipeline, so that a configured strategy mapping is what clients see.
      Pipeline current = readyPipeline();
      document = optionsDocument(current.strategySelector());
      optionsDocument = document;
    }
    ctx.contentType(Responses.JSON).result(document);
  }

  void health(Context ctx) {
    ctx.contentType(Responses.JSON).result(Responses.status("ok"));
  }

  void ready(Context ctx) {
    Pipeline current = pipeline.get();
    if (current == null || !ready.get()) {
      throw ApiError.of(503, "not_ready", "the server is starting or stopping").withHeader("Retry-After", "1");
    }
    java.util.Optional<String> state = stateUnavailable.get();
    if (state.isPresent()) {
      throw ApiError.of(503, "state_unavailable", state.get()).withHeader("Retry-After", "1");
    }
    LiveClasses classes = live.get();
    ctx.contentType(Responses.JSON).result(Responses.status("ready", "profile", current.profile().label(),
        "generator", current.generatorName(), "state", classes == null ? "none" : classes.state()));
  }

  void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  void openApi(Context ctx) {
    ctx.contentType(Responses.JSON).result(openApiDocument);
  }

  // ---- errors and accounting

  void apiError(ApiError error, Context ctx) {
    writeError(ctx, error);
  }

  void httpError(HttpResponseException error, Context ctx) {
    int status = error.getStatus();
    ApiError api = switch (status) {
      case 404 -> ApiError.of(404, "not_found", "no such route; see /openapi.json for the routes");
      case 405 -> ApiError.of(405, "method_not_allowed", "this route does not take " + ctx.method().name()
          + "; see /openapi.json for the routes");
      case 413 -> Requests.tooLarge(ServerOptions.MAX_BODY_BYTES);
      default -> ApiError.of(status, "http_" + status, UntrustedText.printable(String.valueOf(error.getMessage()), 80));
    };
    writeError(ctx, api);
  }

  void unexpected(Exception error, Context ctx) {
    log.error("a request failed unexpectedly", error);
    writeError(ctx, ApiError.of(500, "internal_error", "the server failed; the server log has the details"));
  }

  private void writeError(Context ctx, ApiError error) {
    String requestId = ctx.attribute(REQUEST_ID);
    if (requestId == null) {
      requestId = RequestIds.next();
      ctx.attribute(REQUEST_ID, requestId);
    }
    error.headers().forEach(ctx::header);
    ctx.header(Responses.REQUEST_ID, requestId);
    ctx.status(error.status()).contentType(Responses.JSON).result(Responses.error(error, requestId));
  }

  /** Javalin's request logger: called once per request, after the answer is written. */
  void completed(Context ctx, Float executionMs) {
    long nanos = executionMs == null ? 0 : (long) (executionMs * 1_000_000.0);
    account(ctx.attribute(REQUEST_ID), ctx.method().name(), ctx.path(), ctx.statusCode(), ctx.attribute(EMOTION),
        ctx.attribute(GENERATOR), ctx.attribute(FALLBACK), nanos);
  }

  /** A request {@link BodyGate} answered itself, before Javalin saw it. */
  void refused(String requestId, String method, String path, int status, long nanos) {
    account(requestId, method, path, status, null, null, null, nanos);
  }

  private void account(String requestId, String method, String path, int status, Object emotion, Object generator,
      Object fallback, long nanos) {
    String route = route(path);
    String knownMethod = method(method);
    metrics.request(knownMethod, route, status, nanos);
    if (accessLog.enabled()) {
      accessLog.request(requestId == null ? "-" : requestId, knownMethod, route, status, orDash(emotion),
          orDash(generator), orDash(fallback), nanos / 1_000_000);
    }
  }

  /** The route for the metrics and the access log: one of ours, or {@code unmatched} for any other path. */
  static String route(String path) {
    return ROUTES.contains(path) ? path : "unmatched";
  }

  /** The method for the metrics and the access log: a standard one, or {@code other}, so that made-up methods add no series. */
  static String method(String method) {
    return METHODS.contains(method) ? method : "other";
  }

  private static String orDash(Object value) {
    return value == null ? "-" : value.toString();
  }


  private static byte[] resource(String name) {
    try (InputStream in = Endpoints.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + name + " is missing from the server-adapter jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] optionsDocument(StrategySelector selector) {
    return Responses.write(json -> {
      json.writeStartObject();
      writeChoices(json, "emotions", Emotion.values());
      writeChoices(json, "reinforcements", Reinforcement.values());
      writeChoices(json, "arcs", ArcsStrategy.values());
      json.writeObjectFieldStart("defaultStrategies");
      for (Map.Entry<Emotion, Strategy> entry : selector.mapping().entrySet()) {
        json.writeObjectFieldStart(entry.getKey().label());
        json.writeStringField("reinforcement", entry.getValue().reinforcement().label());
        json.writeStringField("arcs", entry.getValue().arcs().label());
        json.writeEndObject();
      }
      json.writeEndObject();
      json.writeObjectFieldStart("limits");
      json.writeNumberField("username", InterventionRequest.MAX_NAME_LENGTH);
      json.writeNumberField("classname", InterventionRequest.MAX_TEXT_LENGTH);
      json.writeNumberField("subject", InterventionRequest.MAX_TEXT_LENGTH);
      json.writeNumberField("bodyBytes", ServerOptions.MAX_BODY_BYTES);
      json.writeEndObject();
      json.writeEndObject();
    });
  }

  private static void writeChoices(com.fasterxml.jackson.core.JsonGenerator json, String name, Labelled[] values)
      throws IOException {
    json.writeArrayFieldStart(name);
    for (Labelled value : values) {
      json.writeStartObject();
      json.writeStringField("value", value.label());
      json.writeStringField("indonesian", value.indonesian());
      json.writeArrayFieldStart("aliases");
      for (String alias : value.aliases()) {
        json.writeString(alias);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
  }
}
