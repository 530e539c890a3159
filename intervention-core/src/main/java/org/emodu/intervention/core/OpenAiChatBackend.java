package org.emodu.intervention.core;

import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.UnprocessableEntityException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A {@link ChatBackend} on the official {@code openai-java} SDK: OpenAI itself or any
 * OpenAI-compatible server through the connection's base URL. One SDK client is built at
 * construction and reused for every call; {@link #close} releases its threads and connections.
 *
 * <p>Failures become {@link ModelException}s with messages that say what to do and never hold the
 * key: a rejected key, a rate limit or server error that outlasted the retries, a timeout, an
 * unreachable server, or an answer that is not a chat completion.
 */
public final class OpenAiChatBackend implements ChatBackend, AutoCloseable {

  private final OpenAiConnection connection;
  private final OpenAIClient client;

  public OpenAiChatBackend(OpenAiConnection connection) {
    this.connection = connection;
    this.client = connection.newClient();
  }

  public OpenAiConnection connection() {
    return connection;
  }

  @Override
  public ChatReply complete(ChatRequest request) {
    try {
      return reply(client.chat().completions().create(params(request)));
    } catch (OpenAIException e) {
      throw mapped(e);
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
            throw cause instanceof OpenAIException openAi ? mapped(openAi) : new CompletionException(cause);
          }
          try {
            return reply(completion);
          } catch (OpenAIException e) {
            throw mapped(e);
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

  private ModelException mapped(OpenAIException error) {
    String host = connection.host();
    if (error instanceof UnauthorizedException || error instanceof PermissionDeniedException) {
      int status = ((OpenAIServiceException) error).statusCode();
      // The server's message echoes part of the key; say only what to do.
      return new ModelException(ModelException.Kind.AUTHENTICATION, status,
          "API key rejected by " + host + " (HTTP " + status + "); check " + Settings.OPENAI_API_KEY
              + (status == 403 ? " and that it may use this model" : ""), null);
    }
    if (error instanceof RateLimitException rateLimit) {
      return new ModelException(ModelException.Kind.RATE_LIMITED, 429,
          host + " is still rate limiting after " + connection.maxRetries() + " retries (HTTP 429): "
              + serverMessage(rateLimit) + "; wait, lower the request rate or raise the account's limits", null);
    }
    if (error instanceof InternalServerException server) {
      return new ModelException(ModelException.Kind.SERVER_ERROR, server.statusCode(),
          host + " kept failing after " + connection.maxRetries() + " retries (HTTP " + server.statusCode() + "): "
              + serverMessage(server), null);
    }
    if (error instanceof BadRequestException || error instanceof NotFoundException
        || error instanceof UnprocessableEntityException) {
      OpenAIServiceException service = (OpenAIServiceException) error;
      return new ModelException(ModelException.Kind.BAD_REQUEST, service.statusCode(),
          host + " refused the request (HTTP " + service.statusCode() + "): " + serverMessage(service)
              + "; check the model name (" + Settings.OPENAI_MODEL + ", " + Settings.OPENAI_FINE_TUNED_MODEL
              + ") and " + Settings.OPENAI_BASE_URL, null);
    }
    if (error instanceof OpenAIServiceException service) {
      return new ModelException(ModelException.Kind.SERVER_ERROR, service.statusCode(),
          host + " answered HTTP " + service.statusCode() + ": " + serverMessage(service), null);
    }
    if (causedBy(error, InterruptedIOException.class)) {
      // Also a body that stalls after the headers arrived, which the SDK reports as unreadable data.
      return new ModelException(ModelException.Kind.TIMEOUT, 0,
          host + " did not answer within " + connection.timeout().toMillis() + " ms; raise "
              + Settings.TIMEOUT_MS + " or check the server", null);
    }
    if (error instanceof OpenAIIoException) {
      return new ModelException(ModelException.Kind.CONNECTION, 0,
          "cannot reach " + host + ": " + connection.redact(rootMessage(error)) + "; check "
              + Settings.OPENAI_BASE_URL + " and the network", null);
    }
    if (error instanceof OpenAIInvalidDataException) {
      return new ModelException(ModelException.Kind.MALFORMED_RESPONSE, 0,
          host + " answered with something that is not a chat completion: " + connection.redact(rootMessage(error)), null);
    }
    return new ModelException(ModelException.Kind.MALFORMED_RESPONSE, 0,
        "the model call to " + host + " failed: " + connection.redact(rootMessage(error)), null);
  }

  private String serverMessage(OpenAIServiceException error) {
    String message;
    try {
      com.fasterxml.jackson.databind.JsonNode body = error.body().convert(com.fasterxml.jackson.databind.JsonNode.class);
      // The SDK hands over the error object itself; some compatible servers nest it once more.
      message = body == null ? "" : body.path("message").asText(body.path("error").path("message").asText(""));
    } catch (RuntimeException e) {
      message = "";
    }
    return message.isBlank() ? "no message" : connection.redact(Text.printable(message, 300));
  }

  private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    for (Throwable current = error; current != null; current = current.getCause()) {
      if (type.isInstance(current)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : Text.printable(message, 200);
  }
}
