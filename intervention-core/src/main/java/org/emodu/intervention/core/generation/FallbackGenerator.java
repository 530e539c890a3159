package org.emodu.intervention.core.generation;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.internal.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a primary generator under a deadline and serves a fallback's answer, marked as a
 * {@linkplain Intervention#fallback() fallback} with the reason, when the primary fails, is late,
 * or answers with text that breaks the output policy. A live class never waits longer than the
 * deadline (plus the fallback's own, offline, few microseconds).
 *
 * <p>The primary runs through {@link InterventionGenerator#generateAsync}, so an I/O-bound primary
 * holds no thread while it waits. A late primary's future is cancelled, and so is the primary's
 * work behind it where the primary supports that (the model call of a {@link PromptedChatGenerator}
 * on an {@link org.emodu.intervention.core.openai.OpenAiChatBackend}, retries included): nobody
 * waits for that answer any more.
 */
public final class FallbackGenerator implements InterventionGenerator {

  private static final Logger log = LoggerFactory.getLogger(FallbackGenerator.class);

  private final InterventionGenerator primary;
  private final InterventionGenerator fallback;
  private final Duration deadline;

  public FallbackGenerator(InterventionGenerator primary, InterventionGenerator fallback, Duration deadline) {
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("the deadline must be positive, got " + deadline);
    }
    this.primary = primary;
    this.fallback = fallback;
    this.deadline = deadline;
  }

  /** The primary's name: the fallback is the exception, not the rule. */
  @Override
  public String name() {
    return primary.name();
  }

  public InterventionGenerator primary() {
    return primary;
  }

  public Duration deadline() {
    return deadline;
  }

  @Override
  public Intervention generate(InterventionRequest request) {
    try {
      return generateAsync(request).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while generating");
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  @Override
  public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
    long start = System.nanoTime();
    CompletableFuture<Intervention> attempt;
    try {
      attempt = primary.generateAsync(request);
    } catch (RuntimeException e) {
      attempt = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Intervention> primaryFuture = attempt;
    CompletableFuture<Intervention> bounded = Deadlines.within(primaryFuture, deadline);
    CompletableFuture<Intervention> answer = bounded.handle((intervention, error) -> {
      if (error == null && intervention.compliant()) {
        return CompletableFuture.completedFuture(intervention);
      }
      String reason = error == null
          ? "the " + primary.name() + " answer broke the output policy: " + String.join("; ", intervention.violations())
          : reason(unwrapCause(error));
      CompletableFuture<Intervention> fallbackAnswer = fallback.generateAsync(request);
      if (error != null && unwrapCause(error) instanceof TimeoutException) {
        // The answer first: requests that time out together are handled one after the other on
        // the deadlines' thread, so the late primaries are cancelled once their fallbacks are
        // under way, not before.
        fallbackAnswer.whenComplete((served, failure) -> primaryFuture.cancel(true));
      }
      return fallbackAnswer.thenApply(served -> {
        // Here rather than above: when a deadline fired, above is the deadlines' thread.
        log.warn("serving the offline fallback: {}", reason);
        return served.asFallback(reason, elapsedMs(start));
      });
    }).thenCompose(future -> future);
    // A caller who gives up cancels the primary too.
    return Futures.cancelling(answer, primaryFuture);
  }

  private String reason(Throwable error) {
    if (error instanceof TimeoutException) {
      return "the " + primary.name() + " generator did not answer within " + deadline.toMillis() + " ms";
    }
    if (error instanceof ModelException model) {
      return "the model failed (" + model.kind().name().toLowerCase(java.util.Locale.ROOT) + "): " + model.getMessage();
    }
    return "the " + primary.name() + " generator failed: " + Secrets.redact(String.valueOf(error.getMessage()));
  }

  private static long elapsedMs(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static Throwable unwrapCause(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static RuntimeException unwrap(Throwable error) {
    Throwable cause = unwrapCause(error);
    return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
  }
}
