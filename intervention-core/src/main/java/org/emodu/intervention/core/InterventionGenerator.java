package org.emodu.intervention.core;

import java.util.concurrent.CompletableFuture;
import org.emodu.intervention.core.internal.BlockingWork;

/**
 * Produces an affective intervention for a request. The seam every way of generating plugs into:
 * a model behind a prompt, an offline corpus, a fallback around another generator.
 *
 * <p>Implementations are thread-safe. {@link #generate} blocks until the answer is ready;
 * {@link #generateAsync} returns at once, and generators whose work is I/O bound override it so
 * that waiting on a model costs no thread.
 */
public interface InterventionGenerator {

  /** A short name for logs and the {@link Intervention#generator()} field. */
  String name();

  /**
   * Generates an intervention.
   *
   * @throws InvalidRequestException never for a constructed request; requests validate themselves
   * @throws ModelException when a model behind the generator fails
   */
  Intervention generate(InterventionRequest request);

  /**
   * Generates without blocking the caller. The default runs {@link #generate} on a shared pool of
   * daemon threads; failures complete the future exceptionally.
   */
  default CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
    return CompletableFuture.supplyAsync(() -> generate(request), BlockingWork.EXECUTOR);
  }
}
