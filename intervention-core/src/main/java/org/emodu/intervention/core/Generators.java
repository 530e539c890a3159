package org.emodu.intervention.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.generation.ExemplarGenerator;
import org.emodu.intervention.core.generation.FallbackGenerator;
import org.emodu.intervention.core.generation.OutputPolicy;
import org.emodu.intervention.core.generation.PromptedChatGenerator;
import org.emodu.intervention.core.generation.StrategySelector;
import org.emodu.intervention.core.internal.Secrets;
import org.emodu.intervention.core.openai.OpenAiChatBackend;
import org.emodu.intervention.core.openai.OpenAiConnection;

/**
 * Builds the generator a {@link Profile} names from {@link Settings}: what the command line, the
 * HTTP adapter and library users call to get a ready generator without wiring the parts by hand.
 *
 * <pre>{@code
 * try (OpenedGenerator opened = Generators.builder(Settings.load()).profile(Profile.AUTO).open()) {
 *   InterventionRequest request = InterventionRequest.builder()
 *       .username("Budi").emotion("bosan").classname("XII-IPA-1").subject("Fisika")
 *       .build(opened.strategySelector());
 *   System.out.println(opened.generator().generate(request).text());
 * }
 * }</pre>
 */
public final class Generators {

  /** How long a model may take before the offline fallback answers, by default. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(3);

  private Generators() {}

  public static Builder builder(Settings settings) {
    return new Builder(settings);
  }

  /** Chooses the profile, seed and fallback behaviour, then opens the generator. */
  public static final class Builder {
    private final Settings settings;
    private Profile profile = Profile.AUTO;
    private Long seed;
    private Boolean fallback;

    private Builder(Settings settings) {
      this.settings = settings;
    }

    public Builder profile(Profile profile) {
      this.profile = profile;
      return this;
    }

    /** Makes the offline generator's choices repeatable. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Whether a model's failure or lateness (past {@value Settings#DEADLINE_MS}) is answered by
     * the offline generator. Defaults to on for {@link Profile#AUTO} and off for an explicit model
     * profile, whose failures then surface as {@link ModelException}s.
     */
    public Builder fallback(boolean fallback) {
      this.fallback = fallback;
      return this;
    }

    /**
     * Builds the generator.
     *
     * @throws MissingSettingsException naming every setting the profile needs and lacks
     * @throws SettingsException when a setting's value cannot be used
     * @throws CorpusFormatException when {@value Settings#CORPUS} names an unreadable corpus (the word
     *     {@code builtin} names the built-in one)
     */
    public OpenedGenerator open() {
      List<String> notices = new ArrayList<>();
      StrategySelector selector = settings.get(Settings.STRATEGIES)
          .map(text -> {
            try {
              return StrategySelector.parse(text);
            } catch (IllegalArgumentException e) {
              throw new SettingsException(Settings.STRATEGIES + ": " + e.getMessage(), e);
            }
          })
          .orElseGet(StrategySelector::standard);
      ExemplarCorpus corpus = settings.get(Settings.CORPUS)
          .filter(value -> !value.equalsIgnoreCase("builtin"))
          .map(value -> ExemplarCorpus.read(java.nio.file.Path.of(value)))
          .orElseGet(ExemplarCorpus::builtIn);
      ExemplarGenerator offline = new ExemplarGenerator(corpus, OutputPolicy.standard(),
          seed != null ? seed : System.nanoTime());

      Profile effective = profile;
      if (profile == Profile.AUTO) {
        effective = settings.hasApiKey() ? Profile.BASE : Profile.OFFLINE;
        notices.add(effective == Profile.OFFLINE
            ? Settings.OPENAI_API_KEY + " is not set: generating offline from the " + corpus.name() + " corpus"
            : "using the base profile (" + settings.get(Settings.OPENAI_MODEL, Settings.DEFAULT_MODEL) + " at "
                + Secrets.redact(settings.get(Settings.OPENAI_BASE_URL, OpenAiConnection.DEFAULT_BASE_URL))
                + "), falling back offline if it fails");
      }
      if (effective == Profile.OFFLINE) {
        return new OpenedGenerator(offline, Profile.OFFLINE, selector, notices, Optional.empty());
      }

      PromptProfile promptProfile = promptProfile(effective);
      OpenAiChatBackend backend = new OpenAiChatBackend(OpenAiConnection.fromSettings(settings));
      InterventionGenerator generator = new PromptedChatGenerator(backend, promptProfile);
      boolean useFallback = fallback != null ? fallback : profile == Profile.AUTO;
      if (useFallback) {
        Duration deadline = settings.millis(Settings.DEADLINE_MS, DEFAULT_DEADLINE);
        generator = new FallbackGenerator(generator, offline, deadline);
      }
      return new OpenedGenerator(generator, effective, selector, notices, Optional.of(backend));
    }

    private PromptProfile promptProfile(Profile effective) {
      PromptProfile promptProfile;
      Optional<java.nio.file.Path> promptFile;
      if (effective == Profile.FINETUNED) {
        settings.require("the finetuned profile", Settings.OPENAI_API_KEY, Settings.OPENAI_FINE_TUNED_MODEL);
        promptProfile = PromptProfile.fineTuned(settings.get(Settings.OPENAI_FINE_TUNED_MODEL).orElseThrow());
        promptFile = settings.path(Settings.FINETUNED_PROMPT_FILE);
      } else {
        settings.require("the base profile", Settings.OPENAI_API_KEY);
        promptProfile = PromptProfile.base(settings.get(Settings.OPENAI_MODEL, Settings.DEFAULT_MODEL));
        promptFile = settings.path(Settings.BASE_PROMPT_FILE);
      }
      if (promptFile.isPresent()) {
        try {
          promptProfile = promptProfile.withPromptFile(promptFile.get());
        } catch (IllegalArgumentException e) {
          throw new SettingsException(e.getMessage(), e);
        }
      }
      return promptProfile
          .withMaxTokens(settings.intValue(Settings.MAX_TOKENS, PromptProfile.DEFAULT_MAX_TOKENS, 1, 4096))
          .withTemperature(settings.doubleValue(Settings.TEMPERATURE, PromptProfile.DEFAULT_TEMPERATURE, 0, 2));
    }
  }
}
