package org.emodu.intervention.evaluation.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.core.internal.io.JsonLines;

/**
 * What an experiment found, as {@code summary.json} in its output directory holds it: the setup
 * (evaluation set, repetitions, concurrency, the BERTScore hash and prices) and one
 * {@link ProfileSummary} per profile. The report is drawn from it.
 *
 * @param finishedAt when the summary was made
 * @param toolkitVersion the toolkit that made it
 * @param evaluationSet the evaluation set's file name
 * @param evaluationSetSha256 its content's SHA-256
 * @param items requests in the evaluation set
 * @param repeat how many times each request was asked
 * @param concurrency generations in flight at once
 * @param bertScoreHash what scored the answers: model, idf, rescaling and version
 * @param prices the prices cost was computed with, as given; empty when none
 * @param profiles one summary per profile, in the order they ran
 */
public record ExperimentSummary(
    Instant finishedAt,
    String toolkitVersion,
    String evaluationSet,
    String evaluationSetSha256,
    int items,
    int repeat,
    int concurrency,
    String bertScoreHash,
    Optional<String> prices,
    List<ProfileSummary> profiles) {

  /** The file name of the summary in an experiment's directory. */
  public static final String FILE = "summary.json";

  public ExperimentSummary {
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(toolkitVersion, "toolkitVersion");
    Objects.requireNonNull(evaluationSet, "evaluationSet");
    Objects.requireNonNull(evaluationSetSha256, "evaluationSetSha256");
    Objects.requireNonNull(bertScoreHash, "bertScoreHash");
    prices = prices == null ? Optional.empty() : prices;
    profiles = List.copyOf(profiles);
  }

  /** The summary of a profile, if it ran. */
  public Optional<ProfileSummary> profile(String name) {
    return profiles.stream().filter(profile -> profile.profile().equals(name)).findFirst();
  }

  /** Writes {@code summary.json} into {@code directory}, replacing an earlier one. */
  public Path write(Path directory) {
    Path file = directory.resolve(FILE);
    OutputFiles.write(file, true, writer -> writer.write(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this)));
    return file;
  }

  /**
   * Reads the summary of an experiment's directory.
   *
   * @throws MissingSummaryException when the directory holds no summary
   * @throws IllegalArgumentException when its summary cannot be read
   */
  public static ExperimentSummary read(Path directory) {
    Path file = directory.resolve(FILE);
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new MissingSummaryException(directory);
    }
    try {
      return Json.mapper().readValue(file.toFile(), ExperimentSummary.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("cannot read " + file + ": at " + JsonLines.describeWithPlace(e)
          + "; run the experiment again to write it anew", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
