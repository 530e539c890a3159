package org.emodu.intervention.core;

import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A {@link ChatBackend} on the official {@code openai-java} SDK: OpenAI itself or any
 * OpenAI-compatible server through the connection's base URL. One SDK client is built at
 * construction and reused for every call; {@link #close} releases its threads and connections.
 *
 * <p>Failures become {@link ModelException}s through {@link OpenAiErrors}: messages that say what to
 * do and never hold the key.
 */
public final class OpenAiChatBackend implements ChatBackend, AutoCloseable {

  private final OpenAiConnection connection;
  private final OpenAIClient client;
  private final OpenAiErrors errors;

  public OpenAiChatBackend(OpenAiConnection connection) {
    this.connection = connection;
    this.client = connection.newClient();
    this.errors = new OpenAiErrors(connection);
  }

  public OpenAiConnection connection() {
    return connection;
  }

  @Override
  public ChatReply complete(ChatRequest request) {
    try {
      return reply(client.chat().completions().create(params(request)));
    } catch (OpenAIException e) {
      throw mapped(e, request);
    }
  }

  @Override
  public CompletableFuture<ChatReply> completeAsync(ChatRequest request) {
    ChatCompletionCreateParams params;
    try {
      params = params(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return client.async().chat().completions().create(params)
        .handle((completion, error) -> {
          if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            throw cause instanceof OpenAIException openAi ? mapped(openAi, request) : new CompletionException(cause);
          }
          try {
            return reply(completion);
          } catch (OpenAIException e) {
            throw mapped(e, request);
          }
        });
  }

  @Override
  public void close() {
    client.close();
  }

  @SuppressWarnings("deprecation") // max_tokens, as the seed sends it; compatible servers know it best
  private static ChatCompletionCreateParams params(ChatRequest request) {
    ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
        .model(request.model())
        .maxTokens(request.maxTokens())
        .temperature(request.temperature());
    for (ChatMessage message : request.messages()) {
      switch (message.role()) {
        case SYSTEM -> params.addSystemMessage(message.content());
        case USER -> params.addUserMessage(message.content());
        case ASSISTANT -> params.addMessage(
            com.openai.models.chat.completions.ChatCompletionAssistantMessageParam.builder()
                .content(message.content())
                .build());
      }
    }
    return params.build();
  }

  private ChatReply reply(ChatCompletion completion) {
    if (completion.choices().isEmpty()) {
      throw new ModelException(ModelException.Kind.MALFORMED_RESPONSE,
          "the model server at " + connection.host() + " answered with no choices");
    }
    String text = completion.choices().get(0).message().content().orElse("");
    TokenUsage usage = completion.usage()
        .map(OpenAiChatBackend::usage)
        .orElse(TokenUsage.NONE);
    return new ChatReply(text, completion.model(), usage, completion.id());
  }

  private static TokenUsage usage(CompletionUsage usage) {
    return new TokenUsage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens());
  }

  private ModelException mapped(OpenAIException error, ChatRequest request) {
    return errors.mapped(error, "generate with the model " + request.model());
  }
}
