package org.emodu.intervention.dataset;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.SettingsException;
import org.emodu.intervention.core.chat.ChatMessage;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.core.tools.IllegalParameterException;

/**
 * Turns exemplars into an OpenAI chat fine-tuning file, one {@code {"messages": [...]}} a line.
 * Each example's system and user messages are exactly what {@link PromptProfile#messages} sends at
 * run time (the same code, not a copy), followed by the exemplar as the assistant's answer, so what
 * a model is trained on and what it is later asked cannot drift apart.
 *
 * <p>Placeholders are filled with Indonesian student names, class names and subjects chosen by a
 * seeded random source per exemplar and rendering: the same seed gives the same file, whatever
 * the order of the exemplars. Immutable and thread-safe.
 */
public final class FineTuningFileBuilder {

  private final PromptProfile profile;
  private final long seed;
  private final int renderings;

  public FineTuningFileBuilder(PromptProfile profile) {
    this(profile, 42, 1);
  }

  private FineTuningFileBuilder(PromptProfile profile, long seed, int renderings) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.seed = seed;
    this.renderings = renderings;
  }

  /**
   * The prompt profile named {@code base} or {@code finetuned} as the run-time generator would use
   * it: with the prompt file that {@value Settings#BASE_PROMPT_FILE} or
   * {@value Settings#FINETUNED_PROMPT_FILE} names, if set, and the model from the settings (which
   * the training file does not contain).
   *
   * @throws IllegalArgumentException naming the accepted profiles
   * @throws SettingsException when the prompt file cannot be read
   */
  public static PromptProfile profile(String name, Settings settings) {
    String key = name.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    PromptProfile profile;
    String promptSetting;
    switch (key) {
      case "finetuned", "ft", "fine" -> {
        profile = PromptProfile.fineTuned(settings.get(Settings.OPENAI_FINE_TUNED_MODEL, Settings.DEFAULT_MODEL));
        promptSetting = Settings.FINETUNED_PROMPT_FILE;
      }
      case "base" -> {
        profile = PromptProfile.base(settings.get(Settings.OPENAI_MODEL, Settings.DEFAULT_MODEL));
        promptSetting = Settings.BASE_PROMPT_FILE;
      }
      default -> throw new IllegalArgumentException("profile '" + name.strip() + "' is not known; use finetuned or base");
    }
    var promptFile = settings.path(promptSetting);
    if (promptFile.isPresent()) {
      try {
        profile = profile.withPromptFile(promptFile.get());
      } catch (IllegalArgumentException e) {
        throw new SettingsException(promptSetting + ": " + e.getMessage(), e);
      }
    }
    return profile;
  }

  /** This builder with another seed for the placeholder values. */
  public FineTuningFileBuilder seed(long newSeed) {
    return new FineTuningFileBuilder(profile, newSeed, renderings);
  }

  /** This builder writing each exemplar this many times, each with other names, classes and subjects. */
  public FineTuningFileBuilder renderings(int count) {
    if (count < 1 || count > 1000) {
      throw new IllegalParameterException("renderings", "must be from 1 to 1000, got " + count);
    }
    return new FineTuningFileBuilder(profile, seed, count);
  }

  public PromptProfile profile() {
    return profile;
  }

  /** The request a rendering of an exemplar stands for; see {@link Renderings}. */
  public InterventionRequest request(Exemplar exemplar, int rendering) {
    return new Renderings(seed).request(exemplar, rendering);
  }

  /** One training example: the profile's messages for the request, then the rendered exemplar as the answer. */
  public List<ChatMessage> messages(Exemplar exemplar, int rendering) {
    InterventionRequest request = request(exemplar, rendering);
    List<ChatMessage> messages = new ArrayList<>(profile.messages(request));
    messages.add(ChatMessage.assistant(exemplar.render(request)));
    return List.copyOf(messages);
  }

  /**
   * Writes the fine-tuning file atomically.
   *
   * @return how many examples were written
   */
  public int write(List<Exemplar> exemplars, Path target, boolean force) {
    int[] count = new int[1];
    OutputFiles.write(target, force, writer -> count[0] = writeTo(writer, exemplars));
    return count[0];
  }

  /** Writes the examples as JSON Lines; returns how many. */
  public int writeTo(Writer writer, List<Exemplar> exemplars) throws IOException {
    int count = 0;
    for (Exemplar exemplar : exemplars) {
      for (int rendering = 1; rendering <= renderings; rendering++) {
        writer.write(jsonLine(messages(exemplar, rendering)));
        writer.write('\n');
        count++;
      }
    }
    return count;
  }

  /** A conversation as one line of the chat fine-tuning format, without the line break. */
  public static String jsonLine(List<ChatMessage> messages) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("messages");
      for (ChatMessage message : messages) {
        json.writeStartObject();
        json.writeStringField("role", message.role().apiName());
        json.writeStringField("content", message.content());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
