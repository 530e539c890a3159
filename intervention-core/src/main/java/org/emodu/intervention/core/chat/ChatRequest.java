package org.emodu.intervention.core.chat;

import java.util.List;
import java.util.Objects;

/**
 * A chat completion request as the toolkit sends it, independent of any client library.
 *
 * @param model the model name (a fine-tuned model's id works too)
 * @param messages the conversation, system message first
 * @param maxTokens the most completion tokens the model may produce
 * @param temperature sampling temperature, 0 to 2
 */
public record ChatRequest(String model, List<ChatMessage> messages, int maxTokens, double temperature) {

  public ChatRequest {
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model is blank");
    }
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
    }
    if (!(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be between 0 and 2, got " + temperature);
    }
  }
}
