package org.emodu.intervention.dataset;

import java.util.Objects;

/**
 * One problem in a fine-tuning file.
 *
 * @param line the file line it is on, counting from 1; 0 for a problem of the whole file
 * @param kind a stable name for the kind of problem, as the OpenAI cookbook names them where it
 *     does ({@code invalid_json}, {@code missing_messages_list}, {@code unrecognized_role}, ...)
 * @param message what is wrong and what is accepted
 */
public record ValidationError(int line, String kind, String message) {

  public ValidationError {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    if (line < 0) {
      throw new IllegalArgumentException("line cannot be negative, got " + line);
    }
  }

  @Override
  public String toString() {
    return (line == 0 ? "file" : "line " + line) + ": " + kind + ": " + message;
  }
}
