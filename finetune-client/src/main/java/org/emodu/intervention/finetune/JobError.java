package org.emodu.intervention.finetune;

import java.util.Objects;
import java.util.Optional;

/** Why a job failed, as the server put it: a code, a message and the parameter at fault. */
public record JobError(String code, String message, Optional<String> parameter) {

  public JobError {
    code = Objects.requireNonNullElse(code, "");
    message = Objects.requireNonNullElse(message, "");
    parameter = Objects.requireNonNullElse(parameter, Optional.empty());
  }

  /** {@code invalid_training_file: The job failed ... (parameter: training_file)}. */
  public String describe() {
    return (code.isEmpty() ? "" : code + ": ") + message + parameter.map(name -> " (parameter: " + name + ")").orElse("");
  }
}
