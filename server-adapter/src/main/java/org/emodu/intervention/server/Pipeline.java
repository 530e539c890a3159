package org.emodu.intervention.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.Generators;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.OpenedGenerator;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.chat.ChatBackend;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.generation.DeadlineGenerator;
import org.emodu.intervention.core.generation.ExemplarGenerator;
import org.emodu.intervention.core.generation.FallbackGenerator;
import org.emodu.intervention.core.generation.LoggedGenerator;
import org.emodu.intervention.core.generation.PromptedChatGenerator;
import org.emodu.intervention.core.generation.StrategySelector;
import org.emodu.intervention.core.log.InteractionLog;
import org.emodu.intervention.core.openai.OpenAiChatBackend;
import org.emodu.intervention.core.internal.Threads;

/**
 * The generator the server runs, assembled from the settings: the model-backed primary (if the
 * profile has one) measured by {@link MeteredGenerator}, bounded by the deadline with the offline
 * fallback ({@link FallbackGenerator}) or without it ({@link DeadlineGenerator}), and written to the
 * interaction log only when {@value Settings#LOG} names a file. Neither the model call nor a late
 * answer starts on a request thread or the deadlines' thread ({@link OffThreadGenerator}): the model
 * call starts on the common fork-join pool, where the SDK runs it anyway, and the late answer (the
 * fallback, or the 504 without it) on a small pool of the pipeline's own, so that model calls being
 * prepared (a cold SDK takes a second or more for each at first) can never hold up the answers of
 * requests past their deadline. Late model calls are cancelled after those answers
 * ({@link LateCancellations}). {@link #warmUp} runs all of this before the server says it is ready.
 */
final class Pipeline implements AutoCloseable {

  /** A model backend and prompt chosen in code instead of from the settings. */
  record Model(ChatBackend backend, PromptProfile prompt) {}

  private final InterventionGenerator generator;
  private final StrategySelector selector;
  private final Profile profile;
  private final List<String> notices;
  private final List<AutoCloseable> resources;
  private final Optional<WarmUp> warmUp;
  private final Optional<InteractionLog> interactionLog;

  private Pipeline(InterventionGenerator generator, StrategySelector selector, Profile profile,
      List<String> notices, List<AutoCloseable> resources, Optional<WarmUp> warmUp,
      Optional<InteractionLog> interactionLog) {
    this.interactionLog = interactionLog;
    this.generator = generator;
    this.selector = selector;
    this.profile = profile;
    this.notices = List.copyOf(notices);
    this.resources = List.copyOf(resources);
    this.warmUp = warmUp;
  }

  static Pipeline open(Settings settings, ServerOptions options, Profile requested, Optional<Long> seed,
      Optional<Model> model, ServerMetrics metrics) {
    return open(settings, options, requested, seed, model, metrics, ForkJoinPool.commonPool(), null);
  }

  /** As above, starting model calls and late answers on {@code starter}, and cancelling late calls at once. */
  static Pipeline open(Settings settings, ServerOptions options, Profile requested, Optional<Long> seed,
      Optional<Model> model, ServerMetrics metrics, Executor starter) {
    return open(settings, options, requested, seed, model, metrics, starter, starter);
  }

  /** Threads that write late answers: as many as cores, at least two, daemons, so they never hold the JVM. */
  private static ForkJoinPool lateAnswerPool() {
    return new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
        Threads.numberedForkJoinDaemons(LATE_ANSWER_THREAD), null, true);
  }

  /** The names of the threads that write late answers, before their number. */
  static final String LATE_ANSWER_THREAD = "intervensi-late-";

  /** {@code lateStarter} null: a pool of the pipeline's own, made only when a model can be late. */
  private static Pipeline open(Settings settings, ServerOptions options, Profile requested, Optional<Long> seed,
      Optional<Model> model, ServerMetrics metrics, Executor modelStarter, Executor lateStarter) {
    Settings effective = withServerDefaults(settings, options);
    List<AutoCloseable> resources = new ArrayList<>();
    List<String> notices = new ArrayList<>();
    try {
      Generators.Builder offlineBuilder = Generators.builder(effective).profile(Profile.OFFLINE);
      seed.ifPresent(offlineBuilder::seed);
      OpenedGenerator offline = offlineBuilder.open();
      InterventionGenerator primary = null;
      Optional<OpenAiChatBackend> backend = Optional.empty();
      String modelName = offline.generator().name();
      Profile profile = Profile.OFFLINE;
      if (model.isPresent()) {
        primary = new PromptedChatGenerator(model.get().backend(), model.get().prompt());
        modelName = model.get().prompt().model();
        profile = Profile.FINETUNED.label().equals(model.get().prompt().name()) ? Profile.FINETUNED : Profile.BASE;
      } else if (requested != Profile.OFFLINE) {
        OpenedGenerator opened = Generators.builder(effective).profile(requested).fallback(false).open();
        resources.add(opened);
        notices.addAll(opened.notices());
        profile = opened.profile();
        if (profile != Profile.OFFLINE) {
          primary = opened.generator();
          backend = opened.backend();
          if (primary instanceof PromptedChatGenerator prompted) {
            modelName = prompted.profile().model();
          }
        }
      }

      InterventionGenerator chain = offline.generator();
      Optional<WarmUp> warmUp = Optional.empty();
      if (primary != null) {
        Executor lateAnswers = lateStarter;
        Executor canceller = Runnable::run;
        if (lateAnswers == null) {
          ForkJoinPool pool = lateAnswerPool();
          resources.add(pool::shutdown);
          LateCancellations cancellations = new LateCancellations(() -> !pool.isQuiescent());
          resources.add(cancellations);
          lateAnswers = pool;
          canceller = cancellations;
        }
        InterventionGenerator metered = new MeteredGenerator(new OffThreadGenerator(primary, modelStarter, canceller),
            metrics::modelCall);
        if (options.fallback()) {
          chain = new FallbackGenerator(metered, new OffThreadGenerator(offline.generator(), lateAnswers), options.deadline());
        } else {
          chain = new DeadlineGenerator(metered, options.deadline(), lateAnswers);
        }
        ExemplarCorpus corpus = offline.generator() instanceof ExemplarGenerator exemplars
            ? exemplars.corpus() : ExemplarCorpus.builtIn();
        Optional<PromptProfile> prompt = primary instanceof PromptedChatGenerator prompted
            ? Optional.of(prompted.profile()) : Optional.empty();
        warmUp = Optional.of(new WarmUp(offline.strategySelector(), corpus, primary.name(), modelStarter, lateAnswers,
            canceller, backend, prompt));
        notices.add(options.fallback()
            ? "a model answer later than " + options.deadline().toMillis() + " ms, or a failed one, is served by the offline generator"
            : Settings.FALLBACK + "=off: a model later than " + options.deadline().toMillis()
                + " ms is answered 504, a failed one 502");
      }
      InteractionLog log = null;
      if (options.interactionLog().isPresent()) {
        log = InteractionLog.open(options.interactionLog().get());
        resources.add(log);
        chain = new LoggedGenerator(chain, log, modelName);
        notices.add("writing every interaction, with students' names, to " + options.interactionLog().get());
      }
      return new Pipeline(chain, offline.strategySelector(), profile, notices, resources, warmUp,
          Optional.ofNullable(log));
    } catch (RuntimeException e) {
      closeAll(resources, e);
      throw e;
    }
  }

  /**
   * The settings with the server's defaults where the user set nothing: room for many requests in
   * flight, and no model attempt outliving the deadline by much, since nobody waits for it. The
   * attempt's timeout lies a little past the deadline so that the deadline, not a race between the
   * two clocks, decides when the fallback answers.
   */
  private static final long TIMEOUT_PAST_DEADLINE_MS = 250;

  private static Settings withServerDefaults(Settings settings, ServerOptions options) {
    Map<String, String> defaults = new HashMap<>();
    if (!settings.isSet(Settings.MAX_CONNECTIONS)) {
      defaults.put(Settings.MAX_CONNECTIONS, Integer.toString(ServerSettings.DEFAULT_MAX_CONNECTIONS));
    }
    if (!settings.isSet(Settings.TIMEOUT_MS)) {
      defaults.put(Settings.TIMEOUT_MS, Long.toString(options.deadline().toMillis() + TIMEOUT_PAST_DEADLINE_MS));
    }
    return defaults.isEmpty() ? settings : settings.with(defaults);
  }

  /**
   * Runs the paths of late answers (deadline, fallback, 504, cancel) before the server turns ready,
   * without the model and without counting in the server's metrics ({@link WarmUp}). Nothing to do
   * offline.
   */
  WarmUp.Report warmUp() {
    return warmUp.map(WarmUp::run).orElse(WarmUp.Report.NONE);
  }

  CompletableFuture<Intervention> generate(InterventionRequest request) {
    try {
      return generator.generateAsync(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The interaction log every generation goes to, when {@value Settings#LOG} names one. */
  Optional<InteractionLog> interactionLog() {
    return interactionLog;
  }

  String generatorName() {
    return generator.name();
  }

  StrategySelector strategySelector() {
    return selector;
  }

  Profile profile() {
    return profile;
  }

  List<String> notices() {
    return notices;
  }

  @Override
  public void close() {
    closeAll(resources, null);
  }

  private static void closeAll(List<AutoCloseable> resources, RuntimeException primary) {
    RuntimeException failure = primary;
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (primary == null && failure != null) {
      throw failure;
    }
  }
}
