package org.emodu.intervention.core.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import java.io.InterruptedIOException;
import java.util.Optional;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.internal.Secrets;
import org.emodu.intervention.core.internal.io.JsonLines;
import org.emodu.intervention.core.internal.io.UntrustedText;

/**
 * Turns the openai-java SDK's exceptions into {@link ModelException}s whose messages say what was
 * being done, what the server answered (its own message and the parameter it blamed) and what to
 * do, and never hold the key: a rejected key, a rate limit or server error that outlasted the
 * retries, a request the server refused, a timeout (a body that stalls after its headers too), an
 * unreachable server, or an answer in a shape the API does not have. Every module that calls the
 * API maps its failures here.
 */
public final class OpenAiErrors {

  private final OpenAiConnection connection;

  public OpenAiErrors(OpenAiConnection connection) {
    this.connection = connection;
  }

  /**
   * @param action what was being done, completing "while trying to ..." ("create the fine-tuning job")
   */
  public ModelException mapped(OpenAIException error, String action) {
    ModelException mapped = map(error, action);
    String message = connection.redact(mapped.getMessage());
    return message.equals(mapped.getMessage())
        ? mapped : new ModelException(mapped.kind(), mapped.status(), message, null);
  }

  private ModelException map(OpenAIException error, String action) {
    String host = connection.host();
    if (error instanceof OpenAIServiceException local && !local.headers().values(InFlightCalls.TIMED_OUT_HEADER).isEmpty()) {
      return new ModelException(ModelException.Kind.TIMEOUT, 0,
          host + " did not answer within " + connection.timeout().toMillis() + " ms while trying to " + action
              + "; a request that timed out is not sent again (a model that needed that long once usually does again);"
              + " raise " + Settings.TIMEOUT_MS + " or check the server", null);
    }
    if (error instanceof UnauthorizedException || error instanceof PermissionDeniedException) {
      int status = ((OpenAIServiceException) error).statusCode();
      // The server's message echoes part of the key; say only what to do.
      return new ModelException(ModelException.Kind.AUTHENTICATION, status,
          "API key rejected by " + host + " (HTTP " + status + ") while trying to " + action + "; check "
              + Settings.OPENAI_API_KEY + (status == 403 ? " and that its project is allowed to do that" : ""), null);
    }
    if (error instanceof RateLimitException rateLimit) {
      return new ModelException(ModelException.Kind.RATE_LIMITED, 429,
          host + " is still rate limiting after " + connection.maxRetries() + " retries while trying to " + action
              + " (HTTP 429): " + serverMessage(rateLimit) + "; wait a minute and run the command again", null);
    }
    if (error instanceof InternalServerException server) {
      return new ModelException(ModelException.Kind.SERVER_ERROR, server.statusCode(),
          host + " kept failing after " + connection.maxRetries() + " retries while trying to " + action
              + " (HTTP " + server.statusCode() + "): " + serverMessage(server) + "; try again later", null);
    }
    if (error instanceof NotFoundException notFound) {
      return new ModelException(ModelException.Kind.BAD_REQUEST, 404,
          host + " found nothing while trying to " + action + " (HTTP 404): " + serverMessage(notFound)
              + "; check the name or id (" + Settings.OPENAI_MODEL + ", " + Settings.OPENAI_FINE_TUNED_MODEL
              + " for models) and that " + Settings.OPENAI_API_KEY + " belongs to the project that owns it", null);
    }
    if (error instanceof OpenAIServiceException service) {
      return new ModelException(ModelException.Kind.BAD_REQUEST, service.statusCode(),
          host + " refused to " + action + " (HTTP " + service.statusCode() + "): " + serverMessage(service), null);
    }
    if (causedBy(error, InterruptedIOException.class)) {
      // Calls not tagged for InFlightCalls (a client from OpenAiConnection.newClient used as it is) are
      // retried by the SDK after a timeout too; the fine-tuning client retries on its own and never does.
      return new ModelException(ModelException.Kind.TIMEOUT, 0,
          host + " did not answer within " + connection.timeout().toMillis() + " ms while trying to " + action
              + (connection.maxRetries() > 0 ? " (the limit of each attempt; it was tried again up to "
                  + connection.maxRetries() + " time(s), after a timeout too)" : "")
              + "; raise " + Settings.TIMEOUT_MS + " or check the server", null);
    }
    if (error instanceof OpenAIIoException) {
      return new ModelException(ModelException.Kind.CONNECTION, 0,
          "cannot reach " + host + " while trying to " + action + ": " + rootMessage(error) + "; check "
              + Settings.OPENAI_BASE_URL + " and the network", null);
    }
    if (error instanceof OpenAIInvalidDataException) {
      Optional<JsonProcessingException> json = innermost(error, JsonProcessingException.class);
      if (json.isPresent() && !(json.get() instanceof JsonMappingException)) {
        return new ModelException(ModelException.Kind.MALFORMED_RESPONSE, 0,
            host + " answered with a body that cannot be read as JSON while trying to " + action + " (at "
                + JsonLines.describeWithPlace(json.get()) + "); check that " + Settings.OPENAI_BASE_URL
                + " points to an OpenAI-compatible API", null);
      }
      return new ModelException(ModelException.Kind.MALFORMED_RESPONSE, 0,
          host + " answered in a shape the API does not have while trying to " + action + ": "
              + json.map(JsonLines::describe).orElseGet(() -> rootMessage(error)), null);
    }
    return new ModelException(ModelException.Kind.MALFORMED_RESPONSE, 0,
        "the call to " + host + " failed while trying to " + action + ": " + rootMessage(error), null);
  }

  /** The server's own message, with the parameter it blamed, redacted and on one line. */
  public static String serverMessage(OpenAIServiceException error) {
    String message = "";
    try {
      JsonNode body = error.body().convert(JsonNode.class);
      if (body != null) {
        JsonNode inner = body.has("error") ? body.get("error") : body;
        message = inner.path("message").asText("");
      }
    } catch (RuntimeException e) {
      // A body that is not the API's error JSON; the status line still says what happened.
      message = "";
    }
    Optional<String> parameter = error.param().filter(name -> !name.isBlank());
    // The server's words, but shortened and with hidden characters escaped: a broken or hostile
    // server decides what they hold.
    String text = message.isBlank() ? "no message" : UntrustedText.printable(Secrets.redact(message), 400);
    return Secrets.redact(text + parameter.map(name -> " (parameter: " + UntrustedText.printable(name, 60) + ")").orElse(""));
  }

  private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    return cause(error, type).isPresent();
  }

  private static <T extends Throwable> Optional<T> cause(Throwable error, Class<T> type) {
    for (Throwable current = error; current != null; current = current.getCause() == current ? null : current.getCause()) {
      if (type.isInstance(current)) {
        return Optional.of(type.cast(current));
      }
    }
    return Optional.empty();
  }

  private static <T extends Throwable> Optional<T> innermost(Throwable error, Class<T> type) {
    Optional<T> found = Optional.empty();
    for (Throwable current = error; current != null; current = current.getCause() == current ? null : current.getCause()) {
      if (type.isInstance(current)) {
        found = Optional.of(type.cast(current));
      }
    }
    return found;
  }

  /** The innermost cause's message, shortened and escaped: it may quote what the server sent. */
  private static String rootMessage(Throwable error) {
    Optional<JsonProcessingException> json = innermost(error, JsonProcessingException.class);
    if (json.isPresent()) {
      return JsonLines.describeWithPlace(json.get());
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : UntrustedText.printable(Secrets.redact(message), 300);
  }
}
