package org.emodu.intervention.core.openai;

import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.chat.ChatBackend;
import org.emodu.intervention.core.chat.ChatMessage;
import org.emodu.intervention.core.chat.ChatReply;
import org.emodu.intervention.core.chat.ChatRequest;
import org.emodu.intervention.core.chat.TokenUsage;

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
    return completeAsync(request, calls.open());
  }

  /**
   * Runs chat calls through the asynchronous client that are cancelled before they are sent, so
   * that what a model call and its cancel run through is loaded and has run, compiled by the JIT
   * when the calls are many: the SDK's request preparation (the request serialised, the prompt
   * included) and retry loop, OkHttp's dispatcher and its threads, the local answer to a cancelled
   * call, the SDK's error handling and {@link OpenAiErrors}. Nothing reaches the network. A server
   * calls this before it says it is ready: a burst of requests on a fresh JVM would otherwise pay
   * for all of it at once, first when their calls start and again when their deadline cancels them.
   *
   * @param request a request like the ones to come (the prompt of the profile in use)
   * @param count how many calls, all at once
   * @param limit how long to wait for them to end; they end in a few hundred milliseconds at most
   * @return how many ended within the limit, failed as a cancelled call does
   */
  public int warmUpCancelledCalls(ChatRequest request, int count, Duration limit) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    List<String> ids = new ArrayList<>(count);
    List<CompletableFuture<Boolean>> ended = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String id = calls.open();
      calls.cancel(id);
      ids.add(id);
      ended.add(completeAsync(request, id).handle((reply, error) -> error != null
          && (error instanceof ModelException || error.getCause() instanceof ModelException)));
    }
    try {
      CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new)).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Counted below: only the calls that ended as cancelled ones do.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ids.forEach(calls::forget);
    }
    return (int) ended.stream().filter(future -> future.getNow(false)).count();
  }

  private CompletableFuture<ChatReply> completeAsync(ChatRequest request, String id) {
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

  /** The SDK's parameters for a request; shared with {@link ChatBatch}, whose lines carry the same body. */
  @SuppressWarnings("deprecation") // max_tokens, as the seed sends it; compatible servers know it best
  static ChatCompletionCreateParams params(ChatRequest request, String callId) {
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
    return reply(completion, connection.host());
  }

  /** A completion as the toolkit's reply; shared with {@link ChatBatch}, whose output lines hold completions. */
  static ChatReply reply(ChatCompletion completion, String host) {
    if (completion.choices().isEmpty()) {
      throw new ModelException(ModelException.Kind.MALFORMED_RESPONSE,
          "the model server at " + host + " answered with no choices");
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
