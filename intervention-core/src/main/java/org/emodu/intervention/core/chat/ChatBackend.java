package org.emodu.intervention.core.chat;

import java.util.concurrent.CompletableFuture;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.internal.BlockingWork;

/**
 * Sends chat requests to a language model. The seam between the toolkit and a model provider:
 * {@link org.emodu.intervention.core.openai.OpenAiChatBackend} speaks to OpenAI or any
 * OpenAI-compatible server; tests and other providers plug in their own.
 *
 * <p>Implementations are thread-safe and map provider failures to {@link ModelException}.
 */
public interface ChatBackend {

  /**
   * Sends a request and waits for the answer.
   *
   * @throws ModelException when the model cannot answer; its {@link ModelException#kind()} says why
   */
  ChatReply complete(ChatRequest request);

  /**
   * Sends a request without blocking the caller; the future fails with a {@link ModelException}.
   * The default runs {@link #complete} on a shared pool of daemon threads.
   */
  default CompletableFuture<ChatReply> completeAsync(ChatRequest request) {
    return CompletableFuture.supplyAsync(() -> complete(request), BlockingWork.EXECUTOR);
  }
}
