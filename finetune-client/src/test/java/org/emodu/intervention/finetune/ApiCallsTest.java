package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.core.http.Headers;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIException;
import com.openai.errors.RateLimitException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.openai.OpenAiConnection;
import org.junit.jupiter.api.Test;

/**
 * The fine-tuning client's request policy on its own: the failures are the SDK's own exceptions, as
 * it raises them for the server's answers, so every wait and every attempt can be counted.
 */
class ApiCallsTest {

  private static final Path MANIFEST = Path.of("manifest.json");

  private final FakeTime time = new FakeTime();
  private final ApiCalls calls = new ApiCalls(OpenAiConnection.builder()
      .apiKey("sk-test").baseUrl("http://127.0.0.1:9/v1").maxRetries(2).sleeper(time).build(), time, MANIFEST);

  @Test
  void aRetryAfterOfAnHourIsCutToAMinute() {
    Supplier<String> call = answers(rateLimited(Headers.builder().put("retry-after", "3600").build()));

    assertThat(calls.read("list fine-tuning jobs", call)).isEqualTo("done");
    assertThat(time.pauses()).containsExactly(Duration.ofSeconds(60));
  }

  @Test
  void retryAfterInMillisecondsWinsOverSecondsAndAnHttpDateFallsBackToTheBackoff() {
    Supplier<String> call = answers(
        rateLimited(Headers.builder().put("retry-after-ms", "250").put("retry-after", "9").build()),
        rateLimited(Headers.builder().put("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT").build()));

    assertThat(calls.read("list fine-tuning jobs", call)).isEqualTo("done");
    assertThat(time.pauses()).containsExactly(Duration.ofMillis(250), Duration.ofSeconds(1));
  }

  @Test
  void aServerThatSaysNotToRetryIsNotAskedAgain() {
    AtomicInteger attempts = new AtomicInteger();
    Supplier<String> call = () -> {
      attempts.incrementAndGet();
      throw serverError(Headers.builder().put("x-should-retry", "false").build());
    };

    ModelException error = catchThrowableOfType(ModelException.class, () -> calls.read("read job ftjob-1", call));

    assertThat(error).isNotNull();
    assertThat(attempts).hasValue(1);
    assertThat(time.pauses()).isEmpty();
  }

  @Test
  void aReadIsTriedOnceAndThenAsOftenAsTheConnectionRetries() {
    AtomicInteger attempts = new AtomicInteger();
    Supplier<String> call = () -> {
      attempts.incrementAndGet();
      throw serverError(Headers.builder().build());
    };

    ModelException error = catchThrowableOfType(ModelException.class, () -> calls.read("read job ftjob-1", call));

    assertThat(error.isTransient()).isTrue();
    assertThat(attempts).hasValue(3);
    assertThat(time.pauses()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void aPaidRequestWhoseAnswerWasLostIsLookedForAndNotSentAgain() {
    AtomicInteger attempts = new AtomicInteger();
    Supplier<String> call = () -> {
      attempts.incrementAndGet();
      throw serverError(Headers.builder().build());
    };

    String adopted = calls.paid("create the fine-tuning job", call, () -> Optional.of("found"), "; not sent again");

    assertThat(adopted).isEqualTo("found");
    assertThat(attempts).hasValue(1);
    assertThat(time.pauses()).isEmpty();
  }

  @Test
  void aPaidRequestThatCannotBeLookedForNamesTheManifestThatRecordsIt() {
    Supplier<String> call = () -> {
      throw serverError(Headers.builder().build());
    };
    Supplier<Optional<String>> lookup = () -> {
      throw new ModelException(ModelException.Kind.SERVER_ERROR, 503, "the listing failed", null);
    };

    ModelException error = catchThrowableOfType(ModelException.class,
        () -> calls.paid("create the fine-tuning job", call, lookup, "; not sent again"));

    assertThat(error.getMessage()).startsWith("could not tell whether the request to create the fine-tuning job went through (")
        .contains("the listing failed").contains("it is recorded in " + MANIFEST);
  }

  @Test
  void onlyABadRequestOrARejectedKeyCountsAsRefused() {
    assertThat(ApiCalls.refused(new ModelException(ModelException.Kind.BAD_REQUEST, 400, "bad", null))).isTrue();
    assertThat(ApiCalls.refused(new ModelException(ModelException.Kind.AUTHENTICATION, 401, "key", null))).isTrue();
    assertThat(ApiCalls.refused(new ModelException(ModelException.Kind.TIMEOUT, 0, "late", null))).isFalse();
    assertThat(ApiCalls.refused(new ModelException(ModelException.Kind.SERVER_ERROR, 503, "down", null))).isFalse();
  }

  /** A call that fails with each of {@code failures} in turn, then answers {@code done}. */
  private static Supplier<String> answers(OpenAIException... failures) {
    Deque<OpenAIException> left = new ArrayDeque<>(java.util.List.of(failures));
    return () -> {
      OpenAIException next = left.poll();
      if (next != null) {
        throw next;
      }
      return "done";
    };
  }

  private static RateLimitException rateLimited(Headers headers) {
    return RateLimitException.builder().headers(headers).build();
  }

  private static InternalServerException serverError(Headers headers) {
    return InternalServerException.builder().statusCode(503).headers(headers).build();
  }
}
