package org.emodu.intervention.core.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.internal.io.LineReader;
import org.emodu.intervention.core.internal.io.MalformedLineException;

/**
 * How a prompted generator asks a model: the system prompt, the model, and the sampling settings.
 * Two profiles ship: {@linkplain #base base} (a long instruction prompt for a general model) and
 * {@linkplain #fineTuned fine-tuned} (the short prompt a fine-tuned model was trained with).
 *
 * <p>{@link #messages} is the single place where a request becomes chat messages; the dataset tools
 * build training files with it, so what a model is trained on and what it is asked at run time
 * cannot drift apart.
 *
 * @param name the profile's name: {@code base} or {@code finetuned}
 * @param systemPrompt the system message's content
 * @param model the model to ask
 * @param maxTokens the most completion tokens per answer ({@value #DEFAULT_MAX_TOKENS} by default)
 * @param temperature sampling temperature ({@value #DEFAULT_TEMPERATURE} by default)
 */
public record PromptProfile(String name, String systemPrompt, String model, int maxTokens, double temperature) {

  /** The seed system's {@code max_tokens}. */
  public static final int DEFAULT_MAX_TOKENS = 150;

  /** The seed system's temperature. */
  public static final double DEFAULT_TEMPERATURE = 0.7;

  public static final String BASE = "base";
  public static final String FINE_TUNED = "finetuned";

  public PromptProfile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    Objects.requireNonNull(model, "model");
    systemPrompt = systemPrompt.strip();
    if (systemPrompt.isEmpty()) {
      throw new IllegalArgumentException("the " + name + " profile's system prompt is empty");
    }
    if (model.isBlank()) {
      throw new IllegalArgumentException("the " + name + " profile needs a model name");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
    }
    if (!(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be between 0 and 2, got " + temperature);
    }
  }

  /** The base profile with the built-in instruction prompt. */
  public static PromptProfile base(String model) {
    return new PromptProfile(BASE, builtInPrompt(BASE), model, DEFAULT_MAX_TOKENS, DEFAULT_TEMPERATURE);
  }

  /** The fine-tuned profile with the built-in short prompt. */
  public static PromptProfile fineTuned(String model) {
    return new PromptProfile(FINE_TUNED, builtInPrompt(FINE_TUNED), model, DEFAULT_MAX_TOKENS, DEFAULT_TEMPERATURE);
  }

  /** The built-in system prompt of {@code base} or {@code finetuned}. */
  public static String builtInPrompt(String profileName) {
    String resource = "prompts/" + profileName + ".txt";
    try (InputStream in = PromptProfile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no built-in prompt for profile '" + profileName + "'; use base or finetuned");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in " + profileName + " prompt", e);
    }
  }

  /**
   * This profile with its system prompt read from a UTF-8 file, its lines joined by {@code \n}
   * (a line may hold at most 1 MiB).
   *
   * @throws IllegalArgumentException when the file cannot be read, is not UTF-8 or is empty, naming
   *     the file (and the line)
   */
  public PromptProfile withPromptFile(Path file) {
    try {
      return withSystemPrompt(String.join("\n", LineReader.readAllLines(file)));
    } catch (IOException | MalformedLineException e) {
      throw new IllegalArgumentException("cannot read the " + name + " prompt file " + file + ": " + e.getMessage(), e);
    }
  }

  public PromptProfile withSystemPrompt(String prompt) {
    return new PromptProfile(name, prompt, model, maxTokens, temperature);
  }

  public PromptProfile withModel(String newModel) {
    return new PromptProfile(name, systemPrompt, newModel, maxTokens, temperature);
  }

  public PromptProfile withMaxTokens(int newMaxTokens) {
    return new PromptProfile(name, systemPrompt, model, newMaxTokens, temperature);
  }

  public PromptProfile withTemperature(double newTemperature) {
    return new PromptProfile(name, systemPrompt, model, maxTokens, newTemperature);
  }

  /** The system and user messages this profile sends for a request. */
  public List<ChatMessage> messages(InterventionRequest request) {
    return List.of(ChatMessage.system(systemPrompt), ChatMessage.user(userMessage(request)));
  }

  /** The whole chat request this profile sends for a request. */
  public ChatRequest chatRequest(InterventionRequest request) {
    return new ChatRequest(model, messages(request), maxTokens, temperature);
  }

  /**
   * The request as the seed system wrote it: six {@code Key: value} lines. Field values are single
   * lines already (see {@link InterventionRequest}), so no value can add a line of its own.
   */
  public static String userMessage(InterventionRequest request) {
    return "Username: " + request.username()
        + "\nEmotion: " + request.emotion().label()
        + "\nReinforcement: " + request.reinforcement().label()
        + "\nARCSModel: " + request.arcs().label()
        + "\nClassname: " + request.classname()
        + "\nSubject: " + request.subject();
  }
}
