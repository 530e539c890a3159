package org.emodu.intervention.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emodu.intervention.core.InvalidRequestException;

/**
 * A request the server answers with an error: the HTTP status, a stable code for programs, a
 * message for people, the offending fields, and headers such as {@code Retry-After}. Thrown from
 * handlers and filters and written as JSON by one exception handler, so every error has one shape.
 */
final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient List<InvalidRequestException.FieldProblem> problems;
  private final transient Map<String, String> headers;

  ApiError(int status, String code, String message, List<InvalidRequestException.FieldProblem> problems,
      Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.problems = List.copyOf(problems);
    this.headers = Map.copyOf(headers);
  }

  static ApiError of(int status, String code, String message) {
    return new ApiError(status, code, message, List.of(), Map.of());
  }

  static ApiError invalid(List<InvalidRequestException.FieldProblem> problems) {
    String message = String.join("; ", problems.stream().map(InvalidRequestException.FieldProblem::message).toList());
    return new ApiError(400, "invalid_request", message, problems, Map.of());
  }

  static ApiError invalid(String field, String message) {
    return invalid(List.of(new InvalidRequestException.FieldProblem(field, message)));
  }

  /** An error about one part of the request, such as the body. */
  static ApiError ofField(int status, String code, String field, String message) {
    return new ApiError(status, code, message, List.of(new InvalidRequestException.FieldProblem(field, message)), Map.of());
  }

  ApiError withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiError(status, code, getMessage(), problems, more);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  List<InvalidRequestException.FieldProblem> problems() {
    return problems;
  }

  Map<String, String> headers() {
    return headers;
  }
}
