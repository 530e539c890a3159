package org.emodu.intervention.evaluation.experiment;

import java.util.Objects;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.generation.ExemplarGenerator;
import org.emodu.intervention.core.generation.FallbackGenerator;
import org.emodu.intervention.core.generation.PromptedChatGenerator;

/**
 * A profile an experiment runs: its name, the generator, and what to report of it.
 *
 * @param name the profile's name, also the name of its directory in the experiment's output
 * @param generator the generator to ask
 * @param model the model or corpus behind it, logged for failed generations
 * @param systemPrompt the system prompt the model is sent; empty offline
 */
public record ProfileUnderTest(String name, InterventionGenerator generator, String model, String systemPrompt) {

  public ProfileUnderTest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(generator, "generator");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    if (!name.matches("[a-z][a-z0-9-]{0,31}")) {
      throw new IllegalArgumentException("a profile name must be lower-case letters, digits and hyphens, got '" + name + "'");
    }
  }

  /** The profile of a generator built by the core, describing its model and prompt from it. */
  public static ProfileUnderTest of(String name, InterventionGenerator generator) {
    InterventionGenerator inner = generator instanceof FallbackGenerator fallback ? fallback.primary() : generator;
    if (inner instanceof PromptedChatGenerator prompted) {
      return new ProfileUnderTest(name, generator, prompted.profile().model(), prompted.profile().systemPrompt());
    }
    if (inner instanceof ExemplarGenerator exemplars) {
      return new ProfileUnderTest(name, generator, exemplars.corpus().name(), "");
    }
    return new ProfileUnderTest(name, generator, generator.name(), "");
  }
}
