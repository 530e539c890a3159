package org.emodu.intervention.finetune;

import com.openai.models.finetuning.jobs.checkpoints.FineTuningJobCheckpoint;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A model saved at the end of an epoch: a usable model name of its own, the step it was taken at and
 * the training and validation metrics at that step.
 */
public record Checkpoint(
    String id,
    long step,
    String model,
    Instant createdAt,
    Optional<Double> trainLoss,
    Optional<Double> trainMeanTokenAccuracy,
    Optional<Double> validLoss,
    Optional<Double> validMeanTokenAccuracy,
    Optional<Double> fullValidLoss,
    Optional<Double> fullValidMeanTokenAccuracy) {

  public Checkpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(createdAt, "createdAt");
    trainLoss = Objects.requireNonNullElse(trainLoss, Optional.empty());
    trainMeanTokenAccuracy = Objects.requireNonNullElse(trainMeanTokenAccuracy, Optional.empty());
    validLoss = Objects.requireNonNullElse(validLoss, Optional.empty());
    validMeanTokenAccuracy = Objects.requireNonNullElse(validMeanTokenAccuracy, Optional.empty());
    fullValidLoss = Objects.requireNonNullElse(fullValidLoss, Optional.empty());
    fullValidMeanTokenAccuracy = Objects.requireNonNullElse(fullValidMeanTokenAccuracy, Optional.empty());
  }

  static Checkpoint of(FineTuningJobCheckpoint checkpoint) {
    FineTuningJobCheckpoint.Metrics metrics = checkpoint.metrics();
    return new Checkpoint(
        checkpoint.id(),
        checkpoint.stepNumber(),
        checkpoint.fineTunedModelCheckpoint(),
        Instant.ofEpochSecond(checkpoint.createdAt()),
        metrics.trainLoss(),
        metrics.trainMeanTokenAccuracy(),
        metrics.validLoss(),
        metrics.validMeanTokenAccuracy(),
        metrics.fullValidLoss(),
        metrics.fullValidMeanTokenAccuracy());
  }
}
