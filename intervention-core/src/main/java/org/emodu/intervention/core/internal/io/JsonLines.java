package org.emodu.intervention.core.internal.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one JSON value a line, and says what is wrong with a line that is not one in the toolkit's
 * words: where (column), what was expected and what was found, a found token shortened and
 * escaped, and never the parser's internals (its source descriptions, feature and constraint names).
 * Duplicate keys and anything after the value are errors too. Thread-safe.
 */
public final class JsonLines {

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private static final Pattern UNEXPECTED_CHARACTER = Pattern.compile("^Unexpected character \\('.*?' \\(code (\\d+)[^)]*\\)\\)(.*)$", Pattern.DOTALL);
  private static final Pattern ILLEGAL_CHARACTER = Pattern.compile("^Illegal (?:unquoted )?character \\(\\(CTRL-CHAR, code (\\d+)[^)]*\\)\\)(.*)$", Pattern.DOTALL);
  private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("^Unrecognized token '(.*)': was expecting.*$", Pattern.DOTALL);
  private static final Pattern CLOSE_MARKER = Pattern.compile("^Unexpected close marker '(.)': (?:expected '(.)')?.*$", Pattern.DOTALL);
  private static final Pattern START_COLUMN = Pattern.compile("column: (\\d+)");
  private static final Pattern START_PLACE = Pattern.compile("line: (\\d+), column: (\\d+)");
  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate (?:field|Object property) [\"'](.*)[\"']$", Pattern.DOTALL);
  private static final Pattern ESCAPE = Pattern.compile("^Unrecognized character escape '(.)'.*$", Pattern.DOTALL);
  private static final Pattern INTERNALS = Pattern.compile("\\s*\\(?(?:start marker at |for \\w+ starting at )?\\[Source:[^\\]]*\\]\\)?|`[^`]*`|\\s*\\(code [^)]*\\)");

  private JsonLines() {}

  /**
   * The JSON value a line holds.
   *
   * @param line the line's number, for the message
   * @throws MalformedLineException ({@link MalformedLineException.Reason#NOT_JSON}) saying
   *     {@code line N, column C: not valid JSON: what was expected, found what}
   */
  public static JsonNode parse(String text, long line) {
    JsonNode value;
    try (JsonParser parser = MAPPER.createParser(text)) {
      try {
        value = MAPPER.readTree(parser);
      } catch (JsonProcessingException e) {
        throw notJson(line, e, describe(e));
      }
      if (value == null || value.isMissingNode()) {
        throw new MalformedLineException(line, MalformedLineException.Reason.NOT_JSON, "not valid JSON: the line holds no value");
      }
      int end = parser.currentLocation().getColumnNr();
      try {
        if (parser.nextToken() != null) {
          throw new MalformedLineException(line, parser.currentTokenLocation().getColumnNr(), MalformedLineException.Reason.NOT_JSON,
              "not valid JSON: more follows the value that ends at column " + (end - 1) + "; a line holds one value");
        }
      } catch (JsonProcessingException e) {
        throw notJson(line, e, "more follows the value that ends at column " + (end - 1) + " (" + describe(e)
            + "); a line holds one value");
      }
    } catch (IOException e) {
      // A parser on a String reads no stream; only its own complaints, handled above, can occur.
      throw new IllegalStateException("reading a JSON line from memory failed", e);
    }
    return value;
  }

  private static MalformedLineException notJson(long line, JsonProcessingException error, String what) {
    JsonLocation location = error.getLocation();
    int column = location == null ? 0 : Math.max(0, location.getColumnNr());
    return new MalformedLineException(line, column, MalformedLineException.Reason.NOT_JSON, "not valid JSON: " + what);
  }

  /**
   * Where and what, for a JSON document of several lines (a server's answer):
   * {@code line 1, column 17: expected ...}, or just the what when the place is unknown.
   */
  public static String describeWithPlace(JsonProcessingException error) {
    // A mapper that met the end of the document reports the parser's complaint as its cause.
    Throwable ended = error instanceof JsonMappingException && error.getCause() instanceof JsonEOFException ? error.getCause() : error;
    String what = ended instanceof JsonEOFException eof ? endOfDocument(eof) : describe(error);
    JsonLocation location = error.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return what;
    }
    return "line " + location.getLineNr() + (location.getColumnNr() > 0 ? ", column " + location.getColumnNr() : "")
        + ": " + what;
  }

  /**
   * What a parser's or mapper's complaint means, such as: expected , or &#125; after a value in an object, found 'x'.
   * The place is not included; {@link #parse} and {@link #describeWithPlace} add it.
   */
  public static String describe(JsonProcessingException error) {
    if (error instanceof StreamConstraintsException) {
      return constraint(error.getOriginalMessage());
    }
    if (error instanceof JsonEOFException eof) {
      return endOfInput(eof);
    }
    if (error instanceof JsonMappingException mapping) {
      return mapping(mapping);
    }
    String message = String.valueOf(error.getOriginalMessage());
    Matcher matcher = UNEXPECTED_CHARACTER.matcher(message);
    if (matcher.matches()) {
      String found = UntrustedText.character(Integer.parseInt(matcher.group(1)));
      String rest = matcher.group(2);
      if (rest.contains("in numeric value")) {
        return "a number is malformed: found " + found + " where a digit should be";
      }
      return expectation(rest) + ", found " + found;
    }
    matcher = ILLEGAL_CHARACTER.matcher(message);
    if (matcher.matches()) {
      int code = Integer.parseInt(matcher.group(1));
      String shown = String.format(Locale.ROOT, "U+%04X", code);
      return matcher.group(2).contains("string value")
          ? "a text holds the control character " + shown + ", which JSON allows only escaped (write "
              + String.format(Locale.ROOT, "\\u%04X", code) + (code == '\t' ? " or \\t" : "") + ")"
          : "the control character " + shown + " stands between values, where only spaces, tabs and line breaks may";
    }
    matcher = UNRECOGNIZED_TOKEN.matcher(message);
    if (matcher.matches()) {
      return "expected a value (a text in double quotes, a number, true, false, null, an object or a list), found '"
          + UntrustedText.printable(matcher.group(1), 40) + "'";
    }
    matcher = CLOSE_MARKER.matcher(message);
    if (matcher.matches()) {
      String opened = opened(message);
      return matcher.group(2) != null
          ? "found " + matcher.group(1) + " where a " + matcher.group(2) + " should close the "
              + ("}".equals(matcher.group(2)) ? "object" : "list") + opened
          : "found " + matcher.group(1) + " with nothing open to close";
    }
    matcher = DUPLICATE.matcher(message);
    if (matcher.matches()) {
      return "the key '" + UntrustedText.printable(matcher.group(1), 40) + "' appears twice in one object";
    }
    matcher = ESCAPE.matcher(message);
    if (matcher.matches()) {
      return "a text holds the escape \\" + UntrustedText.printable(matcher.group(1), 1)
          + ", which JSON does not have (write a backslash as \\\\)";
    }
    if (message.startsWith("Invalid numeric value") || message.startsWith("Non-standard token")) {
      return "a number is malformed (JSON numbers have no leading zeros, and no NaN or Infinity)";
    }
    if (message.startsWith("Invalid UTF-8") || message.startsWith("Invalid UTF-16")) {
      return "the text is not UTF-8";
    }
    return UntrustedText.printable(INTERNALS.matcher(message).replaceAll(""), 160);
  }

  private static String expectation(String rest) {
    if (rest.contains("comma to separate Object entries")) {
      return "expected , or } after a value in an object";
    }
    if (rest.contains("comma to separate Array entries")) {
      return "expected , or ] after a value in a list";
    }
    if (rest.contains("double-quote to start field name")) {
      return "expected a key in double quotes";
    }
    if (rest.contains("colon to separate field name and value")) {
      return "expected : after a key";
    }
    if (rest.contains("valid value")) {
      return "expected a value (a text in double quotes, a number, true, false, null, an object or a list)";
    }
    if (rest.contains("space separating root-level values")) {
      return "expected the line to end after its value";
    }
    return "unexpected character";
  }

  private static String endOfInput(JsonEOFException eof) {
    String message = String.valueOf(eof.getOriginalMessage());
    if (eof.getTokenBeingDecoded() == JsonToken.VALUE_STRING || message.contains("closing quote")) {
      return "the line ends inside a text (its closing \" is missing)";
    }
    if (message.contains("for Object")) {
      return "the line ends inside an object" + opened(message) + " (a } is missing)";
    }
    if (message.contains("for Array")) {
      return "the line ends inside a list" + opened(message) + " (a ] is missing)";
    }
    return "the line ends before the value is complete";
  }

  /** As {@link #endOfInput}, for a document of several lines: where it ends is not where a line ends. */
  private static String endOfDocument(JsonEOFException eof) {
    String message = String.valueOf(eof.getOriginalMessage());
    if (eof.getTokenBeingDecoded() == JsonToken.VALUE_STRING || message.contains("closing quote")) {
      return "the document ends inside a text (its closing \" is missing)";
    }
    if (message.contains("for Object")) {
      return "the document ends inside an object" + openedAt(message) + " (a } is missing)";
    }
    if (message.contains("for Array")) {
      return "the document ends inside a list" + openedAt(message) + " (a ] is missing)";
    }
    return "the document ends before its value is complete";
  }

  /** {@code  opened at line 2, column 3}, from the parser's note of where a container started. */
  private static String openedAt(String message) {
    Matcher place = START_PLACE.matcher(message);
    return place.find() ? " opened at line " + place.group(1) + ", column " + place.group(2) : "";
  }

  /** {@code  opened at column 3}, from the parser's note of where a container started. */
  private static String opened(String message) {
    Matcher column = START_COLUMN.matcher(message);
    return column.find() ? " opened at column " + column.group(1) : "";
  }

  private static String constraint(String message) {
    StreamReadConstraints limits = StreamReadConstraints.defaults();
    String text = String.valueOf(message);
    if (text.contains("nesting depth")) {
      return "the value is nested more than " + limits.getMaxNestingDepth() + " levels deep";
    }
    if (text.contains("String value length")) {
      return "a text is longer than " + String.format(Locale.ROOT, "%,d", limits.getMaxStringLength()) + " characters";
    }
    if (text.contains("Number value length")) {
      return "a number has more than " + String.format(Locale.ROOT, "%,d", limits.getMaxNumberLength()) + " digits";
    }
    if (text.contains("Name length")) {
      return "a key is longer than " + String.format(Locale.ROOT, "%,d", limits.getMaxNameLength()) + " characters";
    }
    return "the value is larger than a JSON reader accepts";
  }

  private static String mapping(JsonMappingException mapping) {
    String field = mapping.getPath().stream()
        .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
        .collect(Collectors.joining("."));
    Throwable cause = mapping.getCause();
    if (String.valueOf(mapping.getOriginalMessage()).startsWith("Trailing token")) {
      // A reader set to fail on trailing tokens: the value was complete, and more came after it.
      return "more follows the value, where the document should end; it holds one value";
    }
    if (cause instanceof JsonProcessingException inner && !(inner instanceof JsonMappingException)) {
      // A mapper that met a parser's complaint: the complaint is the problem.
      return describe(inner);
    }
    if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
      return UntrustedText.printable(cause.getMessage(), 200);
    }
    if (cause instanceof NullPointerException && cause.getMessage() != null && cause.getMessage().matches("\\w{1,60}")) {
      // A record's Objects.requireNonNull(value, "name"): the key is missing.
      return "the key '" + cause.getMessage() + "' is missing";
    }
    String target = mapping instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null
        ? kind(mismatched.getTargetType()) : "";
    if (field.isEmpty()) {
      return "the value is not " + (target.isEmpty() ? "of the expected shape" : target);
    }
    return "the key '" + UntrustedText.printable(field, 60) + "' does not hold " + (target.isEmpty() ? "a valid value" : target);
  }

  private static String kind(Class<?> type) {
    if (type == String.class) {
      return "a text";
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
      // The Java type is the toolkit's business; what the file should hold there is an object.
      return "an object";
    }
    if (type.getName().startsWith("java.time.")) {
      return "a date and time (ISO-8601, such as 2026-01-05T08:00:00Z)";
    }
    return "a valid " + type.getSimpleName();
  }
}
