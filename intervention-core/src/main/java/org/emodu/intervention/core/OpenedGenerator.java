package org.emodu.intervention.core;

import java.util.List;
import java.util.Optional;
import org.emodu.intervention.core.generation.StrategySelector;
import org.emodu.intervention.core.openai.OpenAiChatBackend;

/**
 * A generator ready to use, with what it was built from. Closing it releases the model client's
 * connections and threads; the generator must not be used afterwards.
 */
public final class OpenedGenerator implements AutoCloseable {

  private final InterventionGenerator generator;
  private final Profile profile;
  private final StrategySelector strategySelector;
  private final List<String> notices;
  private final Optional<OpenAiChatBackend> backend;

  OpenedGenerator(InterventionGenerator generator, Profile profile, StrategySelector strategySelector,
      List<String> notices, Optional<OpenAiChatBackend> backend) {
    this.generator = generator;
    this.profile = profile;
    this.strategySelector = strategySelector;
    this.notices = List.copyOf(notices);
    this.backend = backend;
  }

  public InterventionGenerator generator() {
    return generator;
  }

  /** The profile in effect: never {@link Profile#AUTO}, which resolves to base or offline. */
  public Profile profile() {
    return profile;
  }

  /** The strategy mapping the settings configure, for requests that name only the emotion. */
  public StrategySelector strategySelector() {
    return strategySelector;
  }

  /** What a user should be told once about how generation is set up (for example, running offline). */
  public List<String> notices() {
    return notices;
  }

  /** The model backend, when the profile uses one. */
  public Optional<OpenAiChatBackend> backend() {
    return backend;
  }

  @Override
  public void close() {
    backend.ifPresent(OpenAiChatBackend::close);
  }
}
