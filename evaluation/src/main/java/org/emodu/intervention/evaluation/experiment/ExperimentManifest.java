package org.emodu.intervention.evaluation.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.core.internal.io.JsonLines;

/**
 * What an experiment's directory was started with, as {@code experiment.json}: the evaluation set
 * (by content hash), the repetitions and each profile's model and prompt. A run that resumes in the
 * directory must match it, so answers of different setups are never mixed in one result.
 *
 * @param evaluationSet the evaluation set's file name
 * @param evaluationSetSha256 its content's SHA-256
 * @param items requests in the set
 * @param repeat how many times each request is asked
 * @param profiles profile name -> its model and system prompt
 */
public record ExperimentManifest(
    String evaluationSet, String evaluationSetSha256, int items, int repeat, Map<String, ProfileSetup> profiles) {

  /** The manifest's file name in an experiment's directory. */
  public static final String FILE = "experiment.json";

  public ExperimentManifest {
    Objects.requireNonNull(evaluationSet, "evaluationSet");
    Objects.requireNonNull(evaluationSetSha256, "evaluationSetSha256");
    profiles = new LinkedHashMap<>(profiles);
  }

  /** A profile's model and system prompt. */
  public record ProfileSetup(String model, String systemPrompt) {}

  /**
   * Reconciles this (new) manifest with the one {@code directory} already holds, if any, and writes
   * the result: the same evaluation set and repetitions, and the same model and prompt for every
   * profile both name. Profiles not run before may join.
   *
   * @throws IllegalArgumentException naming every difference and what to do
   */
  public ExperimentManifest reconcile(Path directory) {
    Path file = directory.resolve(FILE);
    ExperimentManifest merged = this;
    if (Files.exists(file)) {
      ExperimentManifest earlier;
      try {
        earlier = Json.mapper().readValue(file.toFile(), ExperimentManifest.class);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("cannot read " + file + ": at " + JsonLines.describeWithPlace(e)
            + "; restore it, or choose another directory", e);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
      }
      List<String> differences = new ArrayList<>();
      if (!earlier.evaluationSetSha256.equals(evaluationSetSha256)) {
        differences.add("the evaluation set differs (" + earlier.evaluationSet + " then, " + evaluationSet + " now)");
      }
      if (earlier.repeat != repeat) {
        differences.add("repeat was " + earlier.repeat + ", now " + repeat);
      }
      for (Map.Entry<String, ProfileSetup> profile : profiles.entrySet()) {
        ProfileSetup before = earlier.profiles.get(profile.getKey());
        if (before != null && !before.model().equals(profile.getValue().model())) {
          differences.add("the " + profile.getKey() + " profile asked " + before.model() + ", now "
              + profile.getValue().model());
        } else if (before != null && !before.systemPrompt().equals(profile.getValue().systemPrompt())) {
          differences.add("the " + profile.getKey() + " profile's system prompt changed");
        }
      }
      if (!differences.isEmpty()) {
        throw new IllegalArgumentException(directory + " holds an experiment with another setup: "
            + String.join("; ", differences) + ". Give this run a directory of its own");
      }
      Map<String, ProfileSetup> all = new LinkedHashMap<>(earlier.profiles);
      all.putAll(profiles);
      merged = new ExperimentManifest(evaluationSet, evaluationSetSha256, items, repeat, all);
    }
    ExperimentManifest toWrite = merged;
    OutputFiles.write(file, true, writer -> writer.write(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toWrite)));
    return merged;
  }
}
