package org.emodu.intervention.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.models.finetuning.jobs.FineTuningJob;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A fine-tuning job as the server last described it: status, base and fine-tuned model, files,
 * resolved hyperparameters ({@code n_epochs} and so on, as the API names them), timing, tokens
 * trained, result files and, for a failed job, the error.
 */
public record JobSnapshot(
    String id,
    JobStatus status,
    String statusLabel,
    String model,
    Optional<String> fineTunedModel,
    String trainingFile,
    Optional<String> validationFile,
    Map<String, String> hyperparameters,
    Optional<String> suffix,
    Optional<Long> seed,
    Instant createdAt,
    Optional<Instant> finishedAt,
    Optional<Instant> estimatedFinish,
    Optional<Long> trainedTokens,
    List<String> resultFiles,
    Optional<JobError> error,
    Map<String, String> metadata) {

  public JobSnapshot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    statusLabel = Objects.requireNonNullElse(statusLabel, status.label());
    model = Objects.requireNonNullElse(model, "");
    fineTunedModel = Objects.requireNonNullElse(fineTunedModel, Optional.empty());
    trainingFile = Objects.requireNonNullElse(trainingFile, "");
    validationFile = Objects.requireNonNullElse(validationFile, Optional.empty());
    hyperparameters = Map.copyOf(Objects.requireNonNullElse(hyperparameters, Map.of()));
    suffix = Objects.requireNonNullElse(suffix, Optional.empty());
    seed = Objects.requireNonNullElse(seed, Optional.empty());
    Objects.requireNonNull(createdAt, "createdAt");
    finishedAt = Objects.requireNonNullElse(finishedAt, Optional.empty());
    estimatedFinish = Objects.requireNonNullElse(estimatedFinish, Optional.empty());
    trainedTokens = Objects.requireNonNullElse(trainedTokens, Optional.empty());
    resultFiles = List.copyOf(Objects.requireNonNullElse(resultFiles, List.of()));
    error = Objects.requireNonNullElse(error, Optional.empty());
    metadata = Map.copyOf(Objects.requireNonNullElse(metadata, Map.of()));
  }

  /** Reads the SDK's job; every field the toolkit shows, none of the SDK's types. */
  static JobSnapshot of(FineTuningJob job) {
    String statusLabel = job.status().asString();
    Map<String, JsonValue> extra = job._allProperties();
    return new JobSnapshot(
        job.id(),
        JobStatus.parse(statusLabel),
        statusLabel,
        job.model(),
        job.fineTunedModel().filter(name -> !name.isBlank()),
        job.trainingFile(),
        job.validationFile().filter(name -> !name.isBlank()),
        hyperparameters(job),
        text(extra.get("user_provided_suffix")),
        Optional.of(job.seed()),
        Instant.ofEpochSecond(job.createdAt()),
        job.finishedAt().map(Instant::ofEpochSecond),
        job.estimatedFinish().map(Instant::ofEpochSecond),
        job.trainedTokens(),
        job.resultFiles(),
        job.error().map(error -> new JobError(error.code(), error.message(), error.param())),
        metadata(job));
  }

  /** The resolved hyperparameters: the supervised method's when the job has one, else the job-level ones. */
  private static Map<String, String> hyperparameters(FineTuningJob job) {
    JsonNode node = job.method()
        .flatMap(method -> method.supervised())
        .flatMap(supervised -> supervised.hyperparameters())
        .<JsonNode>map(value -> ObjectMappers.jsonMapper().valueToTree(value))
        .or(() -> job._hyperparameters().asKnown().map(value -> ObjectMappers.jsonMapper().valueToTree(value)))
        .orElse(null);
    Map<String, String> values = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.properties().forEach(entry -> {
        if (!entry.getValue().isNull() && !entry.getValue().isMissingNode()) {
          values.put(entry.getKey(), entry.getValue().asText());
        }
      });
    }
    return values;
  }

  private static Map<String, String> metadata(FineTuningJob job) {
    Map<String, String> values = new LinkedHashMap<>();
    job.metadata().ifPresent(metadata -> metadata._allProperties()
        .forEach((key, value) -> text(value).ifPresent(text -> values.put(key, text))));
    return values;
  }

  private static Optional<String> text(JsonValue value) {
    if (value == null) {
      return Optional.empty();
    }
    JsonNode node = value.convert(JsonNode.class);
    return node == null || node.isNull() || node.isMissingNode() ? Optional.empty()
        : Optional.of(node.asText()).filter(text -> !text.isBlank());
  }
}
