package org.emodu.intervention.core.chat;

import java.util.Objects;

/** One message of a chat conversation, as sent to a model and written to training files. */
public record ChatMessage(Role role, String content) {

  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }

  public static ChatMessage system(String content) {
    return new ChatMessage(Role.SYSTEM, content);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage(Role.USER, content);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage(Role.ASSISTANT, content);
  }

  /** Who speaks a message, named as the chat API names it. */
  public enum Role {
    SYSTEM("system"),
    USER("user"),
    ASSISTANT("assistant");

    private final String apiName;

    Role(String apiName) {
      this.apiName = apiName;
    }

    /** The role as the chat API writes it. */
    public String apiName() {
      return apiName;
    }
  }
}
