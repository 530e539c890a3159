package org.emodu.intervention.core.generation;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.chat.ChatBackend;
import org.emodu.intervention.core.chat.ChatReply;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.internal.RequestIds;

/**
 * Generates interventions by asking a chat model with a {@link PromptProfile}: the profile turns the
 * request into messages, the {@link ChatBackend} asks the model, the {@link OutputPolicy} checks and
 * repairs the answer. Thread-safe; {@link #generateAsync} holds no thread while the model thinks
 * when the backend is asynchronous.
 */
public final class PromptedChatGenerator implements InterventionGenerator {

  private final ChatBackend backend;
  private final PromptProfile profile;
  private final OutputPolicy policy;

  public PromptedChatGenerator(ChatBackend backend, PromptProfile profile, OutputPolicy policy) {
    this.backend = backend;
    this.profile = profile;
    this.policy = policy;
  }

  public PromptedChatGenerator(ChatBackend backend, PromptProfile profile) {
    this(backend, profile, OutputPolicy.standard());
  }

  @Override
  public String name() {
    return profile.name();
  }

  public PromptProfile profile() {
    return profile;
  }

  @Override
  public Intervention generate(InterventionRequest request) {
    long start = System.nanoTime();
    ChatReply reply = backend.complete(profile.chatRequest(request));
    return toIntervention(reply, start);
  }

  @Override
  public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
    long start = System.nanoTime();
    try {
      CompletableFuture<ChatReply> reply = backend.completeAsync(profile.chatRequest(request));
      return Futures.cancelling(reply.thenApply(answer -> toIntervention(answer, start)), reply);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private Intervention toIntervention(ChatReply reply, long start) {
    return answer(reply, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /**
   * The intervention a model's reply to this generator's request gives, exactly as {@link #generate}
   * makes it: the output policy checks and repairs the text. For a reply that arrived another way, such
   * as from a batch of {@link PromptProfile#chatRequest} requests.
   *
   * @param latencyMs how long the answer took, as it is to be recorded
   * @throws ModelException when the reply holds no text the policy can keep
   */
  public Intervention answer(ChatReply reply, long latencyMs) {
    OutputPolicy.Result checked = policy.apply(reply.text());
    if (checked.text().isEmpty()) {
      throw new ModelException(ModelException.Kind.MALFORMED_RESPONSE,
          "the model " + reply.model() + " answered with no text");
    }
    return new Intervention(checked.text(), profile.name(), reply.model(), reply.usage(), latencyMs,
        RequestIds.next(), false, Optional.empty(), checked.repairs(), checked.violations());
  }
}
