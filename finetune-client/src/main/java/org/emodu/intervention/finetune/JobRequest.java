package org.emodu.intervention.finetune;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.emodu.intervention.core.tools.IllegalParameterException;

/**
 * What to fine-tune: a supervised job on a training file (a path to upload or an uploaded file id),
 * optionally checked against a validation file, on a base model with hyperparameters, a model-name
 * suffix and a seed. Build one with {@link #builder(FileReference)}.
 *
 * <p>{@code force} creates the job even when the manifest holds one with the same parameters that is
 * queued, running or succeeded.
 */
public record JobRequest(
    FileReference trainingFile,
    Optional<FileReference> validationFile,
    String model,
    Hyperparameters hyperparameters,
    Optional<String> suffix,
    Optional<Long> seed,
    boolean force) {

  /** The base model the seed study fine-tuned. */
  public static final String DEFAULT_MODEL = "gpt-3.5-turbo-0125";
  public static final int MAX_SUFFIX_LENGTH = 64;

  private static final Pattern SUFFIX = Pattern.compile("[A-Za-z0-9._-]+");

  public JobRequest {
    Objects.requireNonNull(trainingFile, "trainingFile");
    validationFile = Objects.requireNonNullElse(validationFile, Optional.empty());
    if (model == null || model.isBlank()) {
      throw new IllegalParameterException("model", "is empty; give a base model such as " + DEFAULT_MODEL);
    }
    model = model.strip();
    hyperparameters = Objects.requireNonNullElse(hyperparameters, Hyperparameters.AUTO);
    suffix = Objects.requireNonNullElse(suffix, Optional.<String>empty()).map(String::strip).filter(text -> !text.isEmpty());
    suffix.ifPresent(JobRequest::requireSuffix);
    seed = Objects.requireNonNullElse(seed, Optional.empty());
  }

  public static Builder builder(FileReference trainingFile) {
    return new Builder(trainingFile);
  }

  private static void requireSuffix(String suffix) {
    if (suffix.length() > MAX_SUFFIX_LENGTH || !SUFFIX.matcher(suffix).matches()) {
      throw new IllegalParameterException("suffix", "must be 1 to " + MAX_SUFFIX_LENGTH
          + " letters, digits, dots, dashes or underscores, got '" + suffix + "'");
    }
  }

  /** Builds a {@link JobRequest}; only the training file is required. */
  public static final class Builder {
    private final FileReference trainingFile;
    private FileReference validationFile;
    private String model = DEFAULT_MODEL;
    private Hyperparameters hyperparameters = Hyperparameters.AUTO;
    private String suffix;
    private Long seed;
    private boolean force;

    private Builder(FileReference trainingFile) {
      this.trainingFile = Objects.requireNonNull(trainingFile, "trainingFile");
    }

    public Builder validationFile(FileReference validationFile) {
      this.validationFile = validationFile;
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder hyperparameters(Hyperparameters hyperparameters) {
      this.hyperparameters = Objects.requireNonNull(hyperparameters, "hyperparameters");
      return this;
    }

    public Builder suffix(String suffix) {
      this.suffix = suffix;
      return this;
    }

    public Builder seed(Long seed) {
      this.seed = seed;
      return this;
    }

    public Builder force(boolean force) {
      this.force = force;
      return this;
    }

    public JobRequest build() {
      return new JobRequest(trainingFile, Optional.ofNullable(validationFile), model, hyperparameters,
          Optional.ofNullable(suffix), Optional.ofNullable(seed), force);
    }
  }
}
