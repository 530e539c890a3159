package org.emodu.intervention.server;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.Reinforcement;
import org.emodu.intervention.core.chat.ChatRequest;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.generation.DeadlineGenerator;
import org.emodu.intervention.core.generation.ExemplarGenerator;
import org.emodu.intervention.core.generation.FallbackGenerator;
import org.emodu.intervention.core.generation.OutputPolicy;
import org.emodu.intervention.core.generation.StrategySelector;
import org.emodu.intervention.core.internal.RequestIds;
import org.emodu.intervention.core.openai.OpenAiChatBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs what a request past its deadline runs, many times over, before the server says it is ready.
 * On a fresh JVM the first burst of late requests would otherwise load that code's classes, link
 * its lambdas and run it interpreted, all at the moment every one of them is due, and start the
 * threads that answer them: on two cores the last answers of a wave of 64 then went out up to 200
 * ms past the deadline (docs/BENCHMARKS.md, "HTTP adapter"), where a warm server is on time.
 *
 * <p>A twin of the server's chain does the work, built from the same parts on the same threads
 * (the starter of model calls, the pool that writes late answers, the cancels after them, the
 * deadlines' thread) around a stand-in model that never answers, with a deadline of a millisecond,
 * both with the fallback and without it: the request parsing of both routes, the deadline, the
 * fallback, the 504, the cancel of the late call, the JSON answers and the metrics. It has a
 * generator and metrics of its own, so the server's offline choices (repeatable with a seed) and
 * its {@code /metrics} see none of it; it writes no interaction log and reaches no model. Then
 * model calls with the server's own prompt run through the chat backend, cancelled before they are
 * sent ({@link OpenAiChatBackend#warmUpCancelledCalls}): what each request of a burst starts, and
 * what its deadline cancels, without the network.
 */
final class WarmUp {

  /** Waves of requests, each of {@value #WAVE} at once: enough for the JIT to compile the busiest code. */
  static final int WAVES = 8;
  static final int WAVE = 64;
  /** Waves of model calls cancelled before they are sent, each of {@value #WAVE}. */
  static final int MODEL_WAVES = 2;

  private static final Duration DEADLINE = Duration.ofMillis(1);
  private static final long COMPILER_STEP_MS = 20;
  private static final long COMPILER_LIMIT_MS = 1_000;
  private static final Duration WAVE_LIMIT = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

  /** What the warm-up answered: fallbacks, 504s, and whether the chat backend's cancelled call ran. */
  record Report(int fallbacks, int timeouts, int cancelledCalls, long millis) {

    /** Nothing warmed: a server without a model has no late answers. */
    static final Report NONE = new Report(0, 0, 0, 0);
  }

  private final StrategySelector selector;
  private final ExemplarCorpus corpus;
  private final String primaryName;
  private final Executor modelStarter;
  private final Executor lateAnswers;
  private final Executor canceller;
  private final Optional<OpenAiChatBackend> backend;
  private final Optional<PromptProfile> prompt;

  /**
   * @param primaryName the model generator's name, as the late answers' messages carry it
   * @param modelStarter where the server starts model calls
   * @param lateAnswers where the server writes late answers
   * @param canceller where the server cancels late model calls
   * @param backend the chat backend, when the server built it from the settings
   * @param prompt the prompt the model is asked with, when the backend is there
   */
  WarmUp(StrategySelector selector, ExemplarCorpus corpus, String primaryName, Executor modelStarter,
      Executor lateAnswers, Executor canceller, Optional<OpenAiChatBackend> backend, Optional<PromptProfile> prompt) {
    this.selector = selector;
    this.corpus = corpus;
    this.primaryName = primaryName;
    this.modelStarter = modelStarter;
    this.lateAnswers = lateAnswers;
    this.canceller = canceller;
    this.backend = backend;
    this.prompt = prompt;
  }

  /** Runs the warm-up; returns when every answer of it is written, or gives up after 10 s a wave. */
  Report run() {
    long start = System.nanoTime();
    ServerMetrics metrics = new ServerMetrics();
    InterventionGenerator hung = new NeverAnswers(primaryName);
    InterventionGenerator metered = new MeteredGenerator(new OffThreadGenerator(hung, modelStarter, canceller),
        metrics::modelCall);
    InterventionGenerator offline = new ExemplarGenerator(corpus, OutputPolicy.standard(), 1);
    InterventionGenerator withFallback = new FallbackGenerator(metered, new OffThreadGenerator(offline, lateAnswers), DEADLINE);
    InterventionGenerator without = new DeadlineGenerator(metered, DEADLINE, lateAnswers);

    int fallbacks = 0;
    int timeouts = 0;
    for (int wave = 0; wave < WAVES; wave++) {
      List<CompletableFuture<Integer>> answers = new ArrayList<>(WAVE);
      for (int i = 0; i < WAVE; i++) {
        InterventionRequest request = request(wave * WAVE + i, selector);
        InterventionGenerator chain = i % 2 == 0 ? withFallback : without;
        long requestStart = System.nanoTime();
        answers.add(chain.generateAsync(request).handle((intervention, error) ->
            answer(intervention, error, metrics, chain.name(), System.nanoTime() - requestStart)));
      }
      try {
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(WAVE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException | TimeoutException e) {
        log.debug("the warm-up stopped early: {}", e.toString());
        break;
      }
      for (CompletableFuture<Integer> answer : answers) {
        if (answer.join() == 200) {
          fallbacks++;
        } else {
          timeouts++;
        }
      }
    }
    int cancelledCalls = 0;
    if (backend.isPresent() && prompt.isPresent()) {
      ChatRequest sample = prompt.get().chatRequest(request(0, selector));
      for (int wave = 0; wave < MODEL_WAVES; wave++) {
        cancelledCalls += backend.get().warmUpCancelledCalls(sample, WAVE, WAVE_LIMIT);
      }
    }
    awaitCompiler();
    return new Report(fallbacks, timeouts, cancelledCalls, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /**
   * Waits until the JIT has compiled what the warm-up made hot: for about 50 ms after the warm-up
   * its threads are busy doing that, and a burst arriving meanwhile would share the cores with
   * them. Waits while the compilers worked more than a tenth of the last {@value #COMPILER_STEP_MS}
   * ms, for at most {@value #COMPILER_LIMIT_MS} ms.
   */
  private static void awaitCompiler() {
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
      return;
    }
    long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(COMPILER_LIMIT_MS);
    long before = compiler.getTotalCompilationTime();
    while (System.nanoTime() < giveUp) {
      try {
        Thread.sleep(COMPILER_STEP_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long now = compiler.getTotalCompilationTime();
      if ((now - before) * 10 <= COMPILER_STEP_MS) {
        return;
      }
      before = now;
    }
  }

  /** A request of either route, through the route's own parsing, varied so that every lookup runs. */
  private static InterventionRequest request(int index, StrategySelector selector) {
    Emotion emotion = Emotion.values()[index % Emotion.values().length];
    Reinforcement reinforcement = Reinforcement.values()[index % Reinforcement.values().length];
    ArcsStrategy arcs = ArcsStrategy.values()[(index / 2) % ArcsStrategy.values().length];
    if (index % 3 == 0) {
      String body = "{\"username\":\"Budi\",\"emotion\":\"" + emotion.label() + "\",\"reinforcement\":\""
          + reinforcement.label() + "\",\"arcs\":\"" + arcs.label() + "\",\"classname\":\"XII-IPA-1\",\"subject\":\"Fisika\"}";
      return Requests.fromJson(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), selector);
    }
    return Requests.fromQuery(Map.of("username", List.of("Budi"), "emotion", List.of(emotion.indonesian()),
        "reinforcement", List.of(reinforcement.label()), "arcsmodel", List.of(arcs.label()),
        "classname", List.of("XII-IPA-1"), "subject", List.of("Fisika")), selector);
  }

  /** Writes the answer both routes would send, and counts it as the server would: the status. */
  private static int answer(Intervention intervention, Throwable error, ServerMetrics metrics, String generator,
      long nanos) {
    int status;
    if (error == null) {
      Responses.seed(intervention.text());
      Responses.intervention(intervention);
      metrics.intervention(intervention);
      status = 200;
    } else {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      ApiError api = cause instanceof ModelException model
          ? ApiError.of(model.kind() == ModelException.Kind.TIMEOUT ? 504 : 502, "model_timeout", model.getMessage())
          : ApiError.of(500, "internal_error", "the warm-up failed");
      Responses.error(api, RequestIds.next());
      metrics.failedIntervention(generator);
      status = api.status();
    }
    metrics.request("GET", Endpoints.SEED, status, nanos);
    return status;
  }

  /** The stand-in model: its answer never comes, and a cancel ends the wait. */
  private record NeverAnswers(String name) implements InterventionGenerator {

    @Override
    public Intervention generate(InterventionRequest request) {
      throw new UnsupportedOperationException("the warm-up's stand-in model only answers asynchronously");
    }

    @Override
    public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
      return new CompletableFuture<>();
    }
  }
}
