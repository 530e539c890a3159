package org.emodu.intervention.core.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.chat.TokenUsage;
import org.junit.jupiter.api.Test;

class DeadlineGeneratorTest {

  private final InterventionRequest request = InterventionRequest.builder()
      .username("Budi").emotion("bingung").classname("XII-IPA-1").subject("Fisika").build();

  /** Runs each task at once, counting them: where the late answers are failed. */
  private static final class CountingExecutor implements Executor {
    final AtomicInteger tasks = new AtomicInteger();

    @Override
    public void execute(Runnable task) {
      tasks.incrementAndGet();
      task.run();
    }
  }

  /** A delegate that answers with a future the test holds, as a model call in flight. */
  private static final class PendingGenerator implements InterventionGenerator {
    final CompletableFuture<Intervention> pending = new CompletableFuture<>();

    @Override
    public String name() {
      return "base";
    }

    @Override
    public Intervention generate(InterventionRequest request) {
      return pending.join();
    }

    @Override
    public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
      return pending;
    }
  }

  private static Intervention modelAnswer(String text, List<String> violations) {
    return new Intervention(text, "base", "gpt-3.5-turbo", new TokenUsage(400, 30, 430), 120, "id-1", false,
        Optional.empty(), List.of(), violations);
  }

  @Test
  void aLateAnswerFailsAsATimeoutOnTheLateAnswersExecutorAndCancelsTheCall() {
    PendingGenerator model = new PendingGenerator();
    CountingExecutor lateAnswers = new CountingExecutor();
    DeadlineGenerator generator = new DeadlineGenerator(model, Duration.ofMillis(50), lateAnswers);

    CompletableFuture<Intervention> answer = generator.generateAsync(request);

    assertThatThrownBy(answer::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(ModelException.class, error -> {
          assertThat(error.kind()).isEqualTo(ModelException.Kind.TIMEOUT);
          assertThat(error.getMessage()).isEqualTo("the base generator did not answer within 50 ms");
        });
    assertThat(model.pending).isCancelled();
    assertThat(lateAnswers.tasks).hasValue(1);
  }

  @Test
  void anAnswerBreakingThePolicyFailsAsAModelFailureNamingTheRulesItBreaks() {
    PendingGenerator model = new PendingGenerator();
    DeadlineGenerator generator = new DeadlineGenerator(model, Duration.ofSeconds(5), Runnable::run);

    CompletableFuture<Intervention> answer = generator.generateAsync(request);
    model.pending.complete(modelAnswer("terlalu panjang", List.of("the answer has 40 words, more than 25")));

    assertThatThrownBy(() -> generator.generate(request))
        .isInstanceOfSatisfying(ModelException.class, error -> {
          assertThat(error.kind()).isEqualTo(ModelException.Kind.MALFORMED_RESPONSE);
          assertThat(error.getMessage())
              .isEqualTo("the base answer broke the output policy: the answer has 40 words, more than 25");
        });
    assertThat(answer).isCompletedExceptionally();
  }

  @Test
  void aTimelyCompliantAnswerIsServedAsIs() {
    PendingGenerator model = new PendingGenerator();
    Intervention compliant = modelAnswer("Semangat Budi! 💪", List.of());
    model.pending.complete(compliant);
    DeadlineGenerator generator = new DeadlineGenerator(model, Duration.ofSeconds(5), Runnable::run);

    assertThat(generator.generate(request)).isEqualTo(compliant);
    assertThat(generator.name()).isEqualTo("base");
  }

  @Test
  void aFailureOfTheDelegateIsPassedOnAsItIs() {
    PendingGenerator model = new PendingGenerator();
    model.pending.completeExceptionally(new ModelException(ModelException.Kind.RATE_LIMITED, "still rate limiting"));
    DeadlineGenerator generator = new DeadlineGenerator(model, Duration.ofSeconds(5), Runnable::run);

    assertThatThrownBy(() -> generator.generate(request))
        .isInstanceOfSatisfying(ModelException.class,
            error -> assertThat(error.kind()).isEqualTo(ModelException.Kind.RATE_LIMITED));
  }

  @Test
  void cancellingTheAnswerCancelsTheCall() {
    PendingGenerator model = new PendingGenerator();
    DeadlineGenerator generator = new DeadlineGenerator(model, Duration.ofSeconds(5), Runnable::run);

    generator.generateAsync(request).cancel(true);

    assertThat(model.pending).isCancelled();
  }

  @Test
  void rejectsADeadlineThatIsNotPositiveNamingIt() {
    assertThatThrownBy(() -> new DeadlineGenerator(new PendingGenerator(), Duration.ZERO, Runnable::run))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the deadline must be positive, got PT0S");
  }
}
