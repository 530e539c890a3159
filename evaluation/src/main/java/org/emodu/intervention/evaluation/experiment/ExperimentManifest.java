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
import org.emodu.intervention.core.openai.BatchRecord;
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
 * @param batches the batches a run with the Batch API uploaded and created, by profile, oldest first:
 *     what a restart follows instead of creating another
 */
public record ExperimentManifest(
    String evaluationSet, String evaluationSetSha256, int items, int repeat, Map<String, ProfileSetup> profiles,
    List<ProfileBatch> batches) {

  /** The manifest's file name in an experiment's directory. */
  public static final String FILE = "experiment.json";

  public ExperimentManifest {
    Objects.requireNonNull(evaluationSet, "evaluationSet");
    Objects.requireNonNull(evaluationSetSha256, "evaluationSetSha256");
    profiles = new LinkedHashMap<>(profiles);
    batches = batches == null ? List.of() : List.copyOf(batches);
  }

  /** A manifest of a run that has created no batch. */
  public ExperimentManifest(
      String evaluationSet, String evaluationSetSha256, int items, int repeat, Map<String, ProfileSetup> profiles) {
    this(evaluationSet, evaluationSetSha256, items, repeat, profiles, List.of());
  }

  /** A profile's model and system prompt. */
  public record ProfileSetup(String model, String systemPrompt) {}

  /** A batch of one profile's requests. */
  public record ProfileBatch(String profile, BatchRecord batch) {

    public ProfileBatch {
      Objects.requireNonNull(profile, "profile");
      Objects.requireNonNull(batch, "batch");
    }
  }

  /** This manifest with {@code batch} recorded for {@code profile}, replacing the record of the same input. */
  public ExperimentManifest withBatch(String profile, BatchRecord batch) {
    List<ProfileBatch> updated = new ArrayList<>();
    boolean replaced = false;
    for (ProfileBatch earlier : batches) {
      if (earlier.profile().equals(profile) && earlier.batch().inputSha256().equals(batch.inputSha256())
          && !earlier.batch().collected()) {
        updated.add(new ProfileBatch(profile, batch));
        replaced = true;
      } else {
        updated.add(earlier);
      }
    }
    if (!replaced) {
      updated.add(new ProfileBatch(profile, batch));
    }
    return new ExperimentManifest(evaluationSet, evaluationSetSha256, items, repeat, profiles, updated);
  }

  /**
   * The manifest {@code directory} holds.
   *
   * @throws IllegalArgumentException when it is missing or cannot be read
   */
  public static ExperimentManifest read(Path directory) {
    Path file = directory.resolve(FILE);
    try {
      return Json.mapper().readValue(file.toFile(), ExperimentManifest.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("cannot read " + file + ": at " + JsonLines.describeWithPlace(e)
          + "; restore it, or choose another directory", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes this manifest into {@code directory}, atomically, replacing the one there. */
  public void write(Path directory) {
    ExperimentManifest toWrite = this;
    OutputFiles.write(directory.resolve(FILE), true,
        writer -> writer.write(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toWrite)));
  }

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
      ExperimentManifest earlier = read(directory);
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
      merged = new ExperimentManifest(evaluationSet, evaluationSetSha256, items, repeat, all, earlier.batches);
    }
    merged.write(directory);
    return merged;
  }
}
