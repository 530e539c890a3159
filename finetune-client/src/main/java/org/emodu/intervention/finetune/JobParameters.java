package org.emodu.intervention.finetune;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that makes two fine-tuning jobs the same paid work: the uploaded training and validation
 * files, the base model, the hyperparameters, the suffix and the seed. {@link #fingerprint()} is what
 * the manifest compares to refuse a second identical job.
 */
public record JobParameters(
    String trainingFileId,
    Optional<String> validationFileId,
    String model,
    Hyperparameters hyperparameters,
    Optional<String> suffix,
    Optional<Long> seed) {

  public JobParameters {
    requireText(trainingFileId, "trainingFileId");
    requireText(model, "model");
    validationFileId = Objects.requireNonNullElse(validationFileId, Optional.empty());
    hyperparameters = Objects.requireNonNullElse(hyperparameters, Hyperparameters.AUTO);
    suffix = Objects.requireNonNullElse(suffix, Optional.empty());
    seed = Objects.requireNonNullElse(seed, Optional.empty());
  }

  /**
   * A SHA-256 over the parameters in a fixed order. Two requests that the API would treat as the same
   * job have the same fingerprint ({@code auto} and an absent value are the same thing).
   */
  public String fingerprint() {
    String canonical = String.join("\n",
        "training_file=" + trainingFileId,
        "validation_file=" + validationFileId.orElse(""),
        "model=" + model,
        "n_epochs=" + hyperparameters.epochs().map(String::valueOf).orElse("auto"),
        "batch_size=" + hyperparameters.batchSize().map(String::valueOf).orElse("auto"),
        "learning_rate_multiplier=" + hyperparameters.learningRateMultiplier().map(String::valueOf).orElse("auto"),
        "suffix=" + suffix.orElse(""),
        "seed=" + seed.map(String::valueOf).orElse(""));
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no SHA-256", e);
    }
  }

  /** One line for messages: model, files and hyperparameters. */
  public String describe() {
    return "model " + model + ", training file " + trainingFileId
        + validationFileId.map(id -> ", validation file " + id).orElse("")
        + ", " + hyperparameters.describe()
        + suffix.map(text -> ", suffix " + text).orElse("")
        + seed.map(value -> ", seed " + value).orElse("");
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is missing");
    }
  }
}
