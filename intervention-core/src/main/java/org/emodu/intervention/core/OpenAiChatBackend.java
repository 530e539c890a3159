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
  private final InFlightCalls calls = new InFlightCalls();
  private final OpenAIClient client;
  private final OpenAiErrors errors;

  public OpenAiChatBackend(OpenAiConnection connection) {
    this.connection = connection;
    this.client = connection.newClient(calls);
    this.errors = new OpenAiErrors(connection);
    warmUp();
  }

  public OpenAiConnection connection() {
    return connection;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Each attempt may take the connection's timeout; an attempt that runs out of it is not sent
   * again (see {@link InFlightCalls}), while rate limits, server errors and lost connections are
   * retried by the SDK.
   */
  @Override
  public ChatReply complete(ChatRequest request) {
    String id = calls.open();
    try {
      return reply(client.chat().completions().create(params(request, id)));
    } catch (OpenAIException e) {
      throw mapped(e, request);
    } finally {
      calls.forget(id);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Cancelling the returned future stops the request's HTTP attempt in flight and any retry the
   * SDK would make after it.
   */
  @Override
  public CompletableFuture<ChatReply> completeAsync(ChatRequest request) {
    String id = calls.open();
    CompletableFuture<ChatCompletion> completion;
    try {
      completion = client.async().chat().completions().create(params(request, id));
    } catch (RuntimeException e) {
      calls.forget(id);
      return CompletableFuture.failedFuture(e);
    }
    completion.whenComplete((answer, error) -> calls.forget(id));
    CompletableFuture<ChatReply> reply = completion
        .handle((answer, error) -> {
          if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            throw cause instanceof OpenAIException openAi ? mapped(openAi, request) : new CompletionException(cause);
          }
          try {
            return reply(answer);
          } catch (OpenAIException e) {
            throw mapped(e, request);
          }
        });
    reply.whenComplete((answer, error) -> {
      if (reply.isCancelled()) {
        calls.cancel(id);
      }
    });
    return reply;
  }

  /**
   * Writes a request and reads an answer with the SDK's own mapper, without a network call, so that
   * its classes and serialisers are loaded here rather than inside the first requests (where, many at
   * once, they would cost each of them about a second).
   */
  private static void warmUp() {
    ChatRequest request = new ChatRequest("warm-up", java.util.List.of(ChatMessage.system("s"), ChatMessage.user("u"),
        ChatMessage.assistant("a")), 1, 0.0);
    try {
      com.fasterxml.jackson.databind.json.JsonMapper mapper = com.openai.core.ObjectMappers.jsonMapper();
      mapper.writeValueAsString(params(request, null)._body());
      ChatCompletion completion = mapper.readValue(WARM_UP_ANSWER, ChatCompletion.class);
      completion.validate();
    } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
      // Only a head start: whatever fails here fails again, and is reported, on the first real call.
      org.slf4j.LoggerFactory.getLogger(OpenAiChatBackend.class).debug("the SDK warm-up failed: {}", e.toString());
    }
  }

  private static final String WARM_UP_ANSWER = "{\"id\":\"w\",\"object\":\"chat.completion\",\"created\":0,"
      + "\"model\":\"m\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"logprobs\":null,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"a\",\"refusal\":null}}],"
      + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";

  @Override
  public void close() {
    client.close();
  }

  @SuppressWarnings("deprecation") // max_tokens, as the seed sends it; compatible servers know it best
  private static ChatCompletionCreateParams params(ChatRequest request, String callId) {
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
    if (callId != null) {
      params.putAdditionalHeader(InFlightCalls.HEADER, callId);
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
