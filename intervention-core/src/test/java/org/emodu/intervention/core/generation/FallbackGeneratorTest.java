package org.emodu.intervention.core.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.chat.TokenUsage;
import org.junit.jupiter.api.Test;

class FallbackGeneratorTest {

  private final InterventionRequest request = InterventionRequest.builder()
      .username("Budi").emotion("bingung").classname("XII-IPA-1").subject("Fisika").build();
  private final ExemplarGenerator offline = new ExemplarGenerator(ExemplarCorpus.builtIn(), OutputPolicy.standard(), 9);

  /** A primary whose answer never comes, as a model that hangs. */
  private static final class HangingGenerator implements InterventionGenerator {
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

  private static InterventionGenerator answering(Intervention answer) {
    return new InterventionGenerator() {
      @Override
      public String name() {
        return "base";
      }

      @Override
      public Intervention generate(InterventionRequest request) {
        return answer;
      }
    };
  }

  private static InterventionGenerator failing(RuntimeException error) {
    return new InterventionGenerator() {
      @Override
      public String name() {
        return "base";
      }

      @Override
      public Intervention generate(InterventionRequest request) {
        throw error;
      }
    };
  }

  private static Intervention modelAnswer(String text, List<String> violations) {
    return new Intervention(text, "base", "gpt-3.5-turbo", new TokenUsage(400, 30, 430), 120, "id-1", false,
        Optional.empty(), List.of(), violations);
  }

  @Test
  void aPrimaryLaterThanTheDeadlineIsAnsweredByTheFallbackInTime() {
    HangingGenerator hanging = new HangingGenerator();
    FallbackGenerator generator = new FallbackGenerator(hanging, offline, Duration.ofMillis(200));

    long start = System.nanoTime();
    Intervention intervention = generator.generate(request);
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(intervention.fallback()).isTrue();
    assertThat(intervention.fallbackReason()).contains("the base generator did not answer within 200 ms");
    assertThat(intervention.generator()).isEqualTo("offline");
    assertThat(intervention.text()).contains("Budi");
    assertThat(elapsedMs).isBetween(200L, 200L + 500L);
    assertThat(intervention.latencyMs()).isGreaterThanOrEqualTo(200L);
    assertThat(hanging.pending).isCancelled();
  }

  @Test
  void aFailingPrimaryIsAnsweredByTheFallbackWithTheReason() {
    FallbackGenerator generator = new FallbackGenerator(
        failing(new ModelException(ModelException.Kind.RATE_LIMITED, "api.openai.com is still rate limiting")),
        offline, Duration.ofSeconds(2));

    Intervention intervention = generator.generate(request);

    assertThat(intervention.fallback()).isTrue();
    assertThat(intervention.fallbackReason()).contains("the model failed (rate_limited): api.openai.com is still rate limiting");
  }

  @Test
  void anAnswerBreakingThePolicyIsReplacedByACompliantFallback() {
    FallbackGenerator generator = new FallbackGenerator(
        answering(modelAnswer("terlalu panjang", List.of("the answer has 40 words, more than 25"))),
        offline, Duration.ofSeconds(2));

    Intervention intervention = generator.generate(request);

    assertThat(intervention.fallback()).isTrue();
    assertThat(intervention.compliant()).isTrue();
    assertThat(intervention.fallbackReason().orElseThrow()).contains("broke the output policy: the answer has 40 words");
  }

  @Test
  void aTimelyCompliantAnswerIsServedAsIs() {
    Intervention answer = modelAnswer("Semangat Budi! 💪", List.of());
    FallbackGenerator generator = new FallbackGenerator(answering(answer), offline, Duration.ofSeconds(2));

    assertThat(generator.generate(request)).isEqualTo(answer);
    assertThat(generator.name()).isEqualTo("base");
  }

  @Test
  void aFailingFallbackSurfacesItsError() {
    FallbackGenerator generator = new FallbackGenerator(
        failing(new ModelException(ModelException.Kind.CONNECTION, "down")),
        failing(new IllegalStateException("corpus unavailable")), Duration.ofSeconds(1));

    assertThatThrownBy(() -> generator.generate(request))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("corpus unavailable");
  }
}
