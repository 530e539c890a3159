package org.emodu.intervention.finetune;

import java.util.Objects;
import java.util.Optional;
import org.emodu.intervention.core.internal.io.UntrustedText;

/** Why a job failed, as the server put it: a code, a message and the parameter at fault. */
public record JobError(String code, String message, Optional<String> parameter) {

  public JobError {
    code = Objects.requireNonNullElse(code, "");
    message = Objects.requireNonNullElse(message, "");
    parameter = Objects.requireNonNullElse(parameter, Optional.empty());
  }

  /**
   * {@code invalid_training_file: The job failed ... (parameter: training_file)}, on one line: the
   * server's words shortened and with hidden characters escaped, since the server decides what they
   * hold and they reach a terminal.
   */
  public String describe() {
    return (code.isEmpty() ? "" : UntrustedText.printable(code, 60) + ": ") + UntrustedText.printable(message, 500)
        + parameter.map(name -> " (parameter: " + UntrustedText.printable(name, 60) + ")").orElse("");
  }
}
