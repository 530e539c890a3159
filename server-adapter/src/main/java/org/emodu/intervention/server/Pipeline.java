package org.emodu.intervention.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import org.emodu.intervention.core.ChatBackend;
import org.emodu.intervention.core.FallbackGenerator;
import org.emodu.intervention.core.Generators;
import org.emodu.intervention.core.InteractionLog;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.LoggedGenerator;
import org.emodu.intervention.core.OpenedGenerator;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.PromptProfile;
import org.emodu.intervention.core.PromptedChatGenerator;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.StrategySelector;

/**
 * The generator the server runs, assembled from the settings: the model-backed primary (if the
 * profile has one) measured by {@link MeteredGenerator}, bounded by the deadline with the offline
 * fallback ({@link FallbackGenerator}) or without it ({@link DeadlineGenerator}), and written to the
 * interaction log only when {@value Settings#LOG} names a file. Neither the model call nor the
 * fallback starts on a request thread or the deadlines' thread ({@link OffThreadGenerator}): the model
 * call starts on the common fork-join pool, where the SDK runs it anyway, and the fallback on a
 * small pool of the pipeline's own, so that model calls being prepared (a cold SDK takes a second
 * or more for each at first) can never hold up the answers of requests past their deadline.
 */
final class Pipeline implements AutoCloseable {

  /** A model backend and prompt chosen in code instead of from the settings. */
  record Model(ChatBackend backend, PromptProfile prompt) {}

  private final InterventionGenerator generator;
  private final StrategySelector selector;
  private final Profile profile;
  private final List<String> notices;
  private final List<AutoCloseable> resources;

  private Pipeline(InterventionGenerator generator, StrategySelector selector, Profile profile,
      List<String> notices, List<AutoCloseable> resources) {
    this.generator = generator;
    this.selector = selector;
    this.profile = profile;
    this.notices = List.copyOf(notices);
    this.resources = List.copyOf(resources);
  }

  static Pipeline open(Settings settings, ServerOptions options, Profile requested, Optional<Long> seed,
      Optional<Model> model, ServerMetrics metrics) {
    return open(settings, options, requested, seed, model, metrics, ForkJoinPool.commonPool(), null);
  }

  /** As above, starting model calls and fallbacks on {@code starter}. */
  static Pipeline open(Settings settings, ServerOptions options, Profile requested, Optional<Long> seed,
      Optional<Model> model, ServerMetrics metrics, Executor starter) {
    return open(settings, options, requested, seed, model, metrics, starter, starter);
  }

  /** Threads that start fallbacks: as many as cores, at least two, daemons, so they never hold the JVM. */
  private static ForkJoinPool fallbackPool() {
    AtomicInteger numbers = new AtomicInteger();
    return new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()), pool -> {
      ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
      thread.setName("intervensi-fallback-" + numbers.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }, null, true);
  }

  /** {@code fallbackStarter} null: a pool of the pipeline's own, made only when fallbacks can happen. */
  private static Pipeline open(Settings settings, ServerOptions options, Profile requested, Optional<Long> seed,
      Optional<Model> model, ServerMetrics metrics, Executor modelStarter, Executor fallbackStarter) {
    Settings effective = withServerDefaults(settings, options);
    List<AutoCloseable> resources = new ArrayList<>();
    List<String> notices = new ArrayList<>();
    try {
      Generators.Builder offlineBuilder = Generators.builder(effective).profile(Profile.OFFLINE);
      seed.ifPresent(offlineBuilder::seed);
      OpenedGenerator offline = offlineBuilder.open();
      InterventionGenerator primary = null;
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
          if (primary instanceof PromptedChatGenerator prompted) {
            modelName = prompted.profile().model();
          }
        }
      }

      InterventionGenerator chain = offline.generator();
      if (primary != null) {
        InterventionGenerator metered = new MeteredGenerator(new OffThreadGenerator(primary, modelStarter), metrics::modelCall);
        if (options.fallback()) {
          Executor starter = fallbackStarter;
          if (starter == null) {
            ForkJoinPool pool = fallbackPool();
            resources.add(pool::shutdown);
            starter = pool;
          }
          chain = new FallbackGenerator(metered, new OffThreadGenerator(offline.generator(), starter), options.deadline());
        } else {
          chain = new DeadlineGenerator(metered, options.deadline());
        }
        notices.add(options.fallback()
            ? "a model answer later than " + options.deadline().toMillis() + " ms, or a failed one, is served by the offline generator"
            : Settings.FALLBACK + "=off: a model later than " + options.deadline().toMillis()
                + " ms is answered 504, a failed one 502");
      }
      if (options.interactionLog().isPresent()) {
        InteractionLog log = InteractionLog.open(options.interactionLog().get());
        resources.add(log);
        chain = new LoggedGenerator(chain, log, modelName);
        notices.add("writing every interaction, with students' names, to " + options.interactionLog().get());
      }
      return new Pipeline(chain, offline.strategySelector(), profile, notices, resources);
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

  CompletableFuture<Intervention> generate(InterventionRequest request) {
    try {
      return generator.generateAsync(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
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
