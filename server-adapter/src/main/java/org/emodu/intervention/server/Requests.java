package org.emodu.intervention.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.InvalidRequestException;
import org.emodu.intervention.core.InvalidRequestException.FieldProblem;
import org.emodu.intervention.core.generation.StrategySelector;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.internal.io.UntrustedText;

/**
 * Turns the two request forms into {@link InterventionRequest}s, reporting every offending field at
 * once as an {@link ApiError}: the seed's six query parameters ({@code arcsmodel} for the ARCS
 * strategy) and the typed JSON body ({@code arcs}). Names are parsed as leniently as the core
 * parses them; what the core cannot check (a parameter given twice, an unknown JSON field, a value
 * that is not a string, a body that is not JSON) is checked here.
 */
final class Requests {

  /** The seed route's parameters, in the seed's order. */
  static final List<String> SEED_PARAMETERS =
      List.of("username", "emotion", "reinforcement", "arcsmodel", "classname", "subject");

  /** The typed route's fields. */
  static final List<String> BODY_FIELDS =
      List.of("username", "emotion", "reinforcement", "arcs", "classname", "subject");

  /** Raw values longer than this are refused before any parsing, whatever the field. */
  static final int MAX_RAW_LENGTH = 1_000;

  /** How deep a body may nest: the body is a flat object, and a value that is an array or object is refused anyway. */
  static final int MAX_NESTING = 32;
  /** The most digits a number in a body may have; no field is a number. */
  static final int MAX_NUMBER_LENGTH = 100;
  /** The longest field name or text in a body, in characters: more than any field takes, less than the body limit. */
  static final int MAX_JSON_TEXT = 10_000;

  private static final ObjectReader STRICT_READER = strictReader();
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");

  private Requests() {}

  private static ObjectReader strictReader() {
    com.fasterxml.jackson.databind.ObjectMapper mapper = Json.mapper().copy()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // Limits of our own, so that a message can name them; Jackson's defaults are far above any body we take.
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .maxStringLength(MAX_JSON_TEXT)
        .maxNameLength(MAX_JSON_TEXT)
        .build());
    return mapper.readerFor(JsonNode.class);
  }

  /**
   * The request of the seed route's query parameters. Parameters other than the six are ignored,
   * as the seed ignored them; {@code reinforcement} and {@code arcsmodel} may be left out, and the
   * strategy selector then chooses them.
   *
   * @throws ApiError 400 naming each missing, blank, over-long, repeated or unknown parameter
   */
  static InterventionRequest fromQuery(Map<String, List<String>> parameters, StrategySelector selector) {
    List<FieldProblem> problems = new ArrayList<>();
    String[] values = new String[SEED_PARAMETERS.size()];
    for (int i = 0; i < values.length; i++) {
      String name = SEED_PARAMETERS.get(i);
      List<String> given = parameters.get(name);
      if (given == null || given.isEmpty()) {
        continue;
      }
      if (given.size() > 1) {
        problems.add(new FieldProblem(name, name + " is given " + given.size() + " times; give it once"));
      } else if (given.get(0).length() > MAX_RAW_LENGTH) {
        problems.add(tooLong(name));
      }
      values[i] = given.get(0);
    }
    return build(values, selector, problems, "arcsmodel");
  }

  /**
   * Checks a raw query string for what decoders would silently keep, drop or replace: percent
   * signs not followed by two hexadecimal digits, and escapes that do not decode to UTF-8 text
   * ({@code %FF%FE} would reach the prompt as two replacement characters).
   *
   * @throws ApiError 400 naming each parameter so encoded ({@code query} when the name itself is)
   */
  static void checkEncoding(String rawQuery) {
    if (rawQuery == null || (rawQuery.indexOf('%') < 0 && rawQuery.indexOf('\uFFFD') < 0)) {
      return;
    }
    List<FieldProblem> problems = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      int equals = part.indexOf('=');
      String name = equals < 0 ? part : part.substring(0, equals);
      String value = equals < 0 ? "" : part.substring(equals + 1);
      if (!wellEncoded(name)) {
        problems.add(new FieldProblem("query", "the query string is not valid URL encoding"));
      } else if (!utf8(name)) {
        problems.add(new FieldProblem("query", "a parameter name in the query string is not UTF-8 once URL-decoded"));
      } else if (!wellEncoded(value)) {
        String field = shown(java.net.URLDecoder.decode(name, StandardCharsets.UTF_8));
        problems.add(new FieldProblem(field, field + " is not valid URL encoding (a % must start a %XX escape)"));
      } else if (!utf8(value)) {
        String field = shown(java.net.URLDecoder.decode(name, StandardCharsets.UTF_8));
        problems.add(new FieldProblem(field, field + " is not UTF-8 text once URL-decoded; encode the text as UTF-8,"
            + " then percent-encode its bytes"));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiError.invalid(problems);
    }
  }

  /** Whether the percent-decoded bytes of well-encoded text are UTF-8 (a replacement character counts as not). */
  private static boolean utf8(String text) {
    if (text.indexOf('\uFFFD') >= 0) {
      return false;
    }
    if (text.indexOf('%') < 0) {
      return true;
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        bytes.write(Character.digit(text.charAt(i + 1), 16) << 4 | Character.digit(text.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  private static boolean wellEncoded(String text) {
    for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
      if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
          || Character.digit(text.charAt(i + 2), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The request of the typed route's JSON body.
   *
   * @throws ApiError 400 naming the body when it is not a JSON object, each unknown or repeated
   *     field, each value that is not a string, and each value the core refuses
   */
  static InterventionRequest fromJson(byte[] body, StrategySelector selector) {
    JsonNode tree = parseBody(body, BODY_FIELDS, "a JSON object with " + requiredFields());
    if (!tree.isObject()) {
      throw ApiError.invalid("body", "the body must be a JSON object with " + requiredFields()
          + ", not " + describe(tree));
    }
    List<FieldProblem> problems = new ArrayList<>();
    Set<String> unknown = new LinkedHashSet<>();
    tree.fieldNames().forEachRemaining(name -> {
      if (!BODY_FIELDS.contains(name)) {
        unknown.add(name);
      }
    });
    for (String name : unknown) {
      problems.add(new FieldProblem(shown(name), "unknown field '" + shown(name) + "'; the fields are: "
          + String.join(", ", BODY_FIELDS)));
    }
    String[] values = new String[BODY_FIELDS.size()];
    for (int i = 0; i < values.length; i++) {
      String name = BODY_FIELDS.get(i);
      JsonNode value = tree.get(name);
      if (value == null || value.isNull()) {
        continue;
      }
      if (!value.isTextual()) {
        problems.add(new FieldProblem(name, name + " must be a string, not " + describe(value)));
        continue;
      }
      if (value.textValue().length() > MAX_RAW_LENGTH) {
        problems.add(tooLong(name));
      }
      values[i] = value.textValue();
    }
    return build(values, selector, problems, "arcs");
  }

  /**
   * What is wrong with a body Jackson could not read, in our words: Jackson's own messages name
   * its internals ({@code StreamReadConstraints.getMaxNestingDepth()}, {@code [Source: REDACTED
   * ...]}) and quote the body. Only the kind of problem and where it is are taken from it.
   */
  /**
   * A body read strictly as JSON (duplicate fields, trailing values and our size limits refused),
   * or a 400 naming the body and saying what to send instead.
   *
   * @param fields the body's field names, so that a repeated one is named in the answer
   * @param expected what to send, for the messages: "a JSON object with ..."
   */
  static JsonNode parseBody(byte[] body, List<String> fields, String expected) {
    if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
      throw ApiError.invalid("body", "the body is empty; send " + expected);
    }
    JsonNode tree;
    try {
      tree = STRICT_READER.readValue(body);
    } catch (JsonProcessingException e) {
      throw unreadable(e, fields, expected);
    } catch (IOException e) {
      throw ApiError.invalid("body", "the body cannot be read as JSON; send " + expected);
    }
    if (tree == null || tree.isMissingNode()) {
      throw ApiError.invalid("body", "the body must be " + expected + ", not nothing");
    }
    return tree;
  }

  private static ApiError unreadable(JsonProcessingException e, List<String> fields, String expected) {
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    Matcher duplicate = DUPLICATE.matcher(original);
    if (duplicate.find() && fields.contains(duplicate.group(1))) {
      return ApiError.invalid(duplicate.group(1), duplicate.group(1) + " is given more than once; give it once");
    }
    String where = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    String lower = original.toLowerCase(Locale.ROOT);
    String problem;
    if (e instanceof StreamConstraintsException) {
      if (lower.contains("nesting depth")) {
        problem = "the body nests arrays or objects more than " + MAX_NESTING + " levels deep";
      } else if (lower.contains("number value length")) {
        problem = "a number in the body is longer than " + MAX_NUMBER_LENGTH + " digits";
      } else if (lower.contains("name length")) {
        problem = "a field name in the body is longer than " + MAX_JSON_TEXT + " characters";
      } else if (lower.contains("string value length")) {
        problem = "a text field is longer than " + MAX_JSON_TEXT + " characters";
      } else {
        problem = "the body is larger or deeper than the server reads";
      }
    } else if (lower.contains("invalid utf-8") || lower.contains("invalid utf8") || lower.contains("surrogate")) {
      problem = "the body is not UTF-8" + where + "; send JSON encoded as UTF-8";
    } else if (lower.contains("end-of-input")) {
      problem = "the body ends before its JSON is complete" + where;
    } else {
      problem = "the body is not valid JSON" + where;
    }
    return ApiError.invalid("body", problem + "; send " + expected);
  }

  /**
   * Builds the request from raw values in {@link #BODY_FIELDS} order, adding the core's problems
   * for fields not already reported. The core names the ARCS field {@code arcs}; the seed route
   * calls it {@code arcsmodel}.
   */
  private static InterventionRequest build(String[] values, StrategySelector selector, List<FieldProblem> problems,
      String arcsName) {
    InterventionRequest request = null;
    try {
      request = InterventionRequest.builder()
          .username(values[0])
          .emotion(values[1])
          .reinforcement(values[2])
          .arcs(values[3])
          .classname(values[4])
          .subject(values[5])
          .build(selector);
    } catch (InvalidRequestException e) {
      for (FieldProblem problem : e.problems()) {
        String field = problem.field().equals("arcs") ? arcsName : problem.field();
        String message = problem.field().equals("arcs") && !arcsName.equals("arcs")
            ? problem.message().replaceFirst("^arcs\\b", arcsName)
            : problem.message();
        if (problems.stream().noneMatch(known -> known.field().equals(field))) {
          problems.add(new FieldProblem(field, message));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw ApiError.invalid(ordered(problems, arcsName));
    }
    return request;
  }

  private static List<FieldProblem> ordered(List<FieldProblem> problems, String arcsName) {
    List<String> order = List.of("username", "emotion", "reinforcement", arcsName, "classname", "subject");
    List<FieldProblem> sorted = new ArrayList<>(problems);
    sorted.sort(java.util.Comparator.comparingInt(problem -> {
      int index = order.indexOf(problem.field());
      return index < 0 ? order.size() : index;
    }));
    return sorted;
  }

  private static FieldProblem tooLong(String name) {
    int limit = switch (name) {
      case "username" -> InterventionRequest.MAX_NAME_LENGTH;
      case "classname", "subject" -> InterventionRequest.MAX_TEXT_LENGTH;
      default -> 40;
    };
    return new FieldProblem(name, name + " is longer than " + limit + " characters");
  }

  private static String requiredFields() {
    return "username, emotion (" + Emotion.values().length + " choices, see /v1/options), classname and subject"
        + " (reinforcement and arcs optional)";
  }

  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case STRING -> "a string";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  /** An unknown field's name as it may appear in a message: short and printable. */
  static String shown(String name) {
    return UntrustedText.printable(name, 40);
  }

  /** Reads at most {@code limit} bytes, or fails with 413 when the stream holds more. */
  static byte[] readBody(InputStream in, int limit) throws IOException {
    byte[] bytes = in.readNBytes(limit + 1);
    if (bytes.length > limit) {
      throw tooLarge(limit);
    }
    return bytes;
  }

  static ApiError tooLarge(int limit) {
    return ApiError.ofField(413, "body_too_large", "body", "the body is larger than " + limit + " bytes");
  }
}
