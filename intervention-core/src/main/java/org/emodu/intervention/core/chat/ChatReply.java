package org.emodu.intervention.core.chat;

import java.util.Objects;

/**
 * A model's answer to a {@link ChatRequest}.
 *
 * @param text the assistant message's content, as the model wrote it
 * @param model the model that answered, as the server reported it
 * @param usage the token usage the server reported
 * @param id the server's completion id, for tracing a call in the provider's logs
 */
public record ChatReply(String text, String model, TokenUsage usage, String id) {

  public ChatReply {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(id, "id");
  }
}
