package org.emodu.intervention.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.live.Decision;
import org.emodu.intervention.live.InterventionPolicy;
import org.emodu.intervention.live.Observation;
import org.emodu.intervention.live.PolicySettings;
import org.emodu.intervention.live.PolicyStore;
import org.emodu.intervention.core.internal.BlockingWork;

/**
 * The live-class policy behind {@code POST /v1/observations}: an {@link InterventionPolicy} over
 * the store {@value PolicySettings#STATE} names, asking the server's generator (deadline, fallback,
 * interaction log and all) for its texts, with every decision counted in the metrics.
 */
final class LiveClasses implements AutoCloseable {

  private final InterventionPolicy policy;
  private final PolicyStore store;
  private final String state;
  private final ServerMetrics metrics;

  private LiveClasses(InterventionPolicy policy, PolicyStore store, String state,
      ServerMetrics metrics) {
    this.policy = policy;
    this.store = store;
    this.state = state;
    this.metrics = metrics;
  }

  /**
   * The policy the settings describe, over {@code given} when a caller chose the store (then the
   * caller closes it), else over the server's {@link SharedState} (the store
   * {@value PolicySettings#STATE} names, which the server closes).
   *
   * @throws org.emodu.intervention.core.SettingsException naming a policy setting whose value cannot be used
   */
  static LiveClasses open(Settings settings, Pipeline pipeline, ServerMetrics metrics, Optional<PolicyStore> given,
      SharedState shared) {
    PolicySettings policySettings = PolicySettings.from(settings);
    String state = given.isPresent() ? "given" : shared.describe();
    PolicyStore store = given.orElseGet(shared::store);
    InterventionPolicy.Builder builder = InterventionPolicy.builder(store, new PipelineGenerator(pipeline, metrics))
        .settings(policySettings)
        .selector(pipeline.strategySelector());
    pipeline.interactionLog().ifPresent(builder::log);
    return new LiveClasses(builder.build(), store, state, metrics);
  }

  /** Decides about one observation; the future never fails. */
  CompletableFuture<Decision> observe(Observation observation) {
    return policy.observeAsync(observation).thenApply(this::counted);
  }

  /**
   * Decides about a frame's observations: those of one student one after another, in their order,
   * and different students' side by side; answered in the observations' order.
   */
  CompletableFuture<List<Decision>> observeAll(List<Observation> observations) {
    Map<String, CompletableFuture<Decision>> lastByStudent = new HashMap<>();
    List<CompletableFuture<Decision>> decisions = new ArrayList<>(observations.size());
    for (Observation observation : observations) {
      String student = observation.classId() + '\u0000' + observation.studentId();
      CompletableFuture<Decision> previous = lastByStudent.get(student);
      CompletableFuture<Decision> decision = previous == null
          ? observe(observation)
          : previous.thenCompose(unused -> observe(observation));
      lastByStudent.put(student, decision);
      decisions.add(decision);
    }
    return CompletableFuture.allOf(decisions.toArray(CompletableFuture[]::new))
        .thenApply(unused -> decisions.stream().map(CompletableFuture::join).toList());
  }

  /** Whether the state can be reached now. */
  boolean available() {
    return store.available();
  }

  /** The state back end as the settings name it, without any password: {@code memory}, {@code redis}. */
  String state() {
    String lower = state.toLowerCase(java.util.Locale.ROOT);
    return lower.startsWith("redis") ? "redis" : lower.equals("memory") ? "memory" : "other";
  }

  private Decision counted(Decision decision) {
    metrics.decision(decision.action().label(), decision.reason().label());
    return decision;
  }

  @Override
  public void close() {
    // The store is the server's SharedState's, or the caller's: whoever opened it closes it.
  }

  /** The server's generator as the policy sees it: asynchronous, and counted like the other routes' generations. */
  private static final class PipelineGenerator implements InterventionGenerator {
    private final Pipeline pipeline;
    private final ServerMetrics metrics;

    PipelineGenerator(Pipeline pipeline, ServerMetrics metrics) {
      this.pipeline = pipeline;
      this.metrics = metrics;
    }

    @Override
    public String name() {
      return pipeline.generatorName();
    }

    @Override
    public Intervention generate(InterventionRequest request) {
      return BlockingWork.join(generateAsync(request));
    }

    @Override
    public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
      return pipeline.generate(request).whenComplete((intervention, error) -> {
        if (error == null) {
          metrics.intervention(intervention);
        } else {
          metrics.failedIntervention(pipeline.generatorName());
        }
      });
    }
  }
}
