package org.emodu.intervention.dataset;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * One problem in a fine-tuning file.
 *
 * @param line the file line it is on, counting from 1; 0 for a problem of the whole file
 * @param kind what kind of problem it is
 * @param message what is wrong and what is accepted
 */
public record ValidationError(int line, Kind kind, String message) {

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

  /**
   * The kinds of problem {@link FineTuningFileValidator} reports. Each has a stable {@link #code()},
   * named as the OpenAI cookbook names it where it does ({@code invalid_json},
   * {@code missing_messages_list}, {@code unrecognized_role}, ...); the code is what reports print
   * and what the JSON form holds.
   */
  public enum Kind {
    /** The line is not one JSON value (duplicate keys and trailing content included). */
    INVALID_JSON("invalid_json"),
    /** The line is JSON but not an object. */
    DATA_TYPE("data_type"),
    /** The example has a key other than {@code messages}, {@code tools}, {@code functions}, {@code parallel_tool_calls}. */
    UNRECOGNIZED_KEY("unrecognized_key"),
    /** No {@code messages}, not a list, or an empty list. */
    MISSING_MESSAGES_LIST("missing_messages_list"),
    /** A message is not an object. */
    MESSAGE_NOT_OBJECT("message_not_object"),
    /** A message lacks {@code role} or {@code content}. */
    MESSAGE_MISSING_KEY("message_missing_key"),
    /** A message has a key other than {@code role}, {@code content}, {@code name}, {@code weight} and the tool-call fields. */
    MESSAGE_UNRECOGNIZED_KEY("message_unrecognized_key"),
    /** A role other than system, developer, user, assistant, tool, function. */
    UNRECOGNIZED_ROLE("unrecognized_role"),
    /** Content that is not a non-empty text (null only beside a tool call). */
    MISSING_CONTENT("missing_content"),
    /** A {@code name} that is not a non-empty text. */
    INVALID_NAME("invalid_name"),
    /** A {@code weight} other than 0 or 1, or on a message that is not the assistant's. */
    INVALID_WEIGHT("invalid_weight"),
    /** The example has no assistant message, so nothing for the model to learn from. */
    EXAMPLE_MISSING_ASSISTANT_MESSAGE("example_missing_assistant_message"),
    /** The example has more tokens than the model's context. */
    TOO_MANY_TOKENS("too_many_tokens"),
    /** The line is empty. */
    BLANK_LINE("blank_line"),
    /** The line holds bytes that are not UTF-8. */
    INVALID_UTF8("invalid_utf8"),
    /** The file starts with a byte-order mark. */
    BYTE_ORDER_MARK("byte_order_mark"),
    /** The line is longer than any example can be. */
    LINE_TOO_LONG("line_too_long"),
    /** The file has fewer examples than fine-tuning needs; a problem of the whole file (line 0). */
    TOO_FEW_EXAMPLES("too_few_examples");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    /** The stable name of the kind, also its JSON form: {@code invalid_json}. */
    @JsonValue
    public String code() {
      return code;
    }

    @Override
    public String toString() {
      return code;
    }
  }
}
