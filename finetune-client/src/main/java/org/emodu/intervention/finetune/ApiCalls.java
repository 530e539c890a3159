package org.emodu.intervention.finetune;

import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.openai.OpenAiConnection;
import org.emodu.intervention.core.openai.OpenAiErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the fine-tuning client sends its requests to the API: retried here, not by the SDK (whose
 * client is built with no retries), up to {@link OpenAiConnection#maxRetries()} times. Reads are
 * retried after a 408, 409, 429 or 5xx answer or a lost connection; paid requests only when the
 * server said it did nothing (429) or after checking that it did not. A request that got no answer
 * within {@link OpenAiConnection#timeout()} is never sent again. Failures come out as
 * {@link ModelException}s in this client's words.
 */
final class ApiCalls {

  /** How far before a recorded start a recovered upload or job may have been stamped by the server's clock. */
  static final Duration CLOCK_SLACK = Duration.ofMinutes(5);
  private static final Duration RETRY_AFTER_CAP = Duration.ofSeconds(60);
  private static final Logger log = LoggerFactory.getLogger(ApiCalls.class);

  private final OpenAiConnection connection;
  private final OpenAiErrors errors;
  private final Pause pause;
  /** Where paid requests in flight are recorded, named in the messages that say so. */
  private final Path manifestFile;

  ApiCalls(OpenAiConnection connection, Pause pause, Path manifestFile) {
    this.connection = connection;
    this.errors = new OpenAiErrors(connection);
    this.pause = pause;
    this.manifestFile = manifestFile;
  }

  /** The server the requests go to, for messages. */
  String host() {
    return connection.host();
  }

  /** A request that creates nothing (a read, or a cancel), retried as {@link #unpaid} says; failures mapped. */
  <T> T read(String action, Supplier<T> call) {
    try {
      return unpaid(action, call);
    } catch (OpenAIException e) {
      throw failure(e, action, 0);
    }
  }

  /**
   * Sends a request that creates nothing. A 408, 409, 429 or 5xx answer and a lost connection are
   * retried up to {@link OpenAiConnection#maxRetries()} times, after the server's {@code Retry-After}
   * (at most a minute) or a backoff from half a second, as the SDK would. An attempt that got no
   * answer within the timeout is not: a server that took that long once usually does again, so
   * retrying would only multiply the wait; {@link FineTuneClient#follow} asks again at its next poll anyway.
   *
   * @throws ModelException ({@link ModelException.Kind#TIMEOUT}) when an attempt timed out
   * @throws OpenAIException the last failure, as the SDK reported it, otherwise
   */
  <T> T unpaid(String action, Supplier<T> call) {
    int retries = 0;
    while (true) {
      try {
        return call.get();
      } catch (OpenAIException e) {
        if (timedOut(e)) {
          throw timeout(action, retries, "; a request that timed out is not sent again (one that took that long once"
              + " usually does again); raise " + Settings.TIMEOUT_MS + " or check the server");
        }
        Optional<Duration> wait = retries < connection.maxRetries() ? retryWait(e, retries + 1) : Optional.empty();
        if (wait.isEmpty()) {
          throw e;
        }
        retries++;
        sleep(wait.get());
      }
    }
  }

  /**
   * Sends a request that costs money or creates something. A 429 means the server did nothing, so it
   * is sent again after the server's {@code Retry-After}; after a 5xx or a lost connection the work may
   * or may not have been done, so {@code landed} looks for it before anything is sent again. After a
   * timeout it is looked for too, but never sent again: the server may still be doing the work, and a
   * request that took the whole timeout once usually does again.
   *
   * @param notSentAgain what the timeout message says after {@code did not answer within ... while
   *     trying to ACTION}: that it was not sent again, why, and what the next run does
   */
  <T> T paid(String action, Supplier<T> call, Supplier<Optional<T>> landed, String notSentAgain) {
    int attempt = 0;
    while (true) {
      try {
        return call.get();
      } catch (RateLimitException e) {
        if (attempt >= connection.maxRetries()) {
          throw errors.mapped(e, action);
        }
        attempt++;
        sleep(retryAfter(e).orElse(backoff(attempt)));
      } catch (InternalServerException | OpenAIIoException e) {
        boolean timedOut = timedOut(e);
        Optional<T> done;
        try {
          done = landed.get();
        } catch (UnverifiableUploadException unknowable) {
          ModelException original = failure(e, action, attempt);
          throw new ModelException(original.kind(), original.status(), "could not tell whether the request to " + action
              + " went through: " + unknowable.getMessage(), e);
        } catch (ModelException lookup) {
          // Kept as the original failure's kind: the request may have gone through, it was not refused.
          ModelException original = failure(e, action, attempt);
          throw new ModelException(original.kind(), original.status(), "could not tell whether the request to " + action
              + " went through (" + lookup.getMessage() + "); it is recorded in " + manifestFile
              + ", so running the same command again finds its result instead of paying twice", e);
        }
        if (done.isPresent()) {
          log.info("the request to {} went through although its answer was lost", action);
          return done.get();
        }
        if (timedOut) {
          throw timeout(action, attempt, notSentAgain);
        }
        if (attempt >= connection.maxRetries()) {
          throw errors.mapped(e, action);
        }
        attempt++;
        sleep(backoff(attempt));
      } catch (OpenAIException e) {
        throw errors.mapped(e, action);
      }
    }
  }

  /** The failure to report: a timeout in this client's words (see {@link #timeout}), else as the core maps it. */
  ModelException failure(OpenAIException error, String action, int retries) {
    if (timedOut(error)) {
      return timeout(action, retries, "; raise " + Settings.TIMEOUT_MS + " or check the server");
    }
    return errors.mapped(error, action);
  }

  /** Whether the server definitely refused a paid request, so it did nothing and its record may go. */
  static boolean refused(ModelException error) {
    return error.kind() == ModelException.Kind.BAD_REQUEST || error.kind() == ModelException.Kind.AUTHENTICATION;
  }

  /** Waits between polls and retries. */
  void sleep(Duration duration) {
    try {
      pause.pause(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FineTuneException("interrupted while waiting; run the same command again to go on", e);
    }
  }

  /**
   * Whether an attempt ran out of the connection's timeout, the call timeout that bounds the whole
   * attempt: OkHttp reports it as a bare {@link InterruptedIOException}. A connect timeout is a
   * {@link SocketTimeoutException}: nothing reached the server, so it is retried like a lost connection.
   */
  private static boolean timedOut(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof InterruptedIOException && !(cause instanceof SocketTimeoutException)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code HOST did not answer within T ms while trying to ACTION}, the earlier attempts when there
   * were any, then {@code rest}: the whole wait, truthfully, since a timed-out attempt is the last.
   */
  private ModelException timeout(String action, int retries, String rest) {
    String earlier = retries == 0 ? ""
        : " (on attempt " + (retries + 1) + ": " + (retries == 1 ? "the one before" : "the " + retries + " before")
            + " failed and " + (retries == 1 ? "was" : "were") + " retried)";
    return new ModelException(ModelException.Kind.TIMEOUT, 0, connection.host() + " did not answer within "
        + connection.timeout().toMillis() + " ms while trying to " + action + earlier + rest, null);
  }

  /**
   * How long to wait before retrying a failure that is worth retrying, as the SDK decides it: the
   * server's {@code X-Should-Retry} when it sends one, else 408, 409, 429 and 5xx answers and lost
   * connections; empty for anything else.
   */
  private static Optional<Duration> retryWait(OpenAIException error, int attempt) {
    if (error instanceof OpenAIServiceException service) {
      List<String> shouldRetry = service.headers().values("x-should-retry");
      boolean retry = shouldRetry.isEmpty()
          ? service.statusCode() == 408 || service.statusCode() == 409 || service.statusCode() == 429 || service.statusCode() >= 500
          : "true".equals(shouldRetry.get(0));
      return retry ? Optional.of(retryAfter(service).orElse(backoff(attempt))) : Optional.empty();
    }
    return error instanceof OpenAIIoException ? Optional.of(backoff(attempt)) : Optional.empty();
  }

  private static Optional<Duration> retryAfter(OpenAIServiceException error) {
    Optional<Duration> wait = first(error, "retry-after-ms").map(millis -> Duration.ofMillis(Math.round(millis)))
        .or(() -> first(error, "retry-after").map(seconds -> Duration.ofMillis(Math.round(seconds * 1000))));
    return wait.filter(duration -> !duration.isNegative())
        .map(duration -> duration.compareTo(RETRY_AFTER_CAP) > 0 ? RETRY_AFTER_CAP : duration);
  }

  private static Optional<Double> first(OpenAIServiceException error, String header) {
    List<String> values = error.headers().values(header);
    if (values.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Double.parseDouble(values.get(0).strip()));
    } catch (NumberFormatException e) {
      // An HTTP date rather than seconds; the exponential backoff serves as well.
      return Optional.empty();
    }
  }

  private static Duration backoff(int attempt) {
    long millis = (long) Math.min(500 * Math.pow(2, attempt - 1), 8_000);
    return Duration.ofMillis(millis);
  }
}
