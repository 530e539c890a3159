package org.emodu.intervention.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.InvalidRequestException;
import org.emodu.intervention.core.InvalidRequestException.FieldProblem;
import org.emodu.intervention.live.Observation;

/**
 * Turns the bodies of {@code POST /v1/observations} (one JSON object) and
 * {@code POST /v1/observations:batch} (a JSON array of them) into {@link Observation}s, reporting
 * every offending field at once as an {@link ApiError}, in the style of {@link Requests}: unknown,
 * repeated and mistyped fields here, the rest by {@link Observation}. In a batch each field is named
 * with its element's index, {@code [2].emotion}.
 */
final class ObservationRequests {

  /** An observation's fields, in the documented order. */
  static final List<String> FIELDS =
      List.of("classId", "studentId", "username", "emotion", "confidence", "classname", "subject", "observedAt");

  /** The most observations one batch may hold: a large class's frame. */
  static final int MAX_BATCH = 100;

  /** The confidence of an observation that gives none: the recogniser is taken at its word. */
  static final double DEFAULT_CONFIDENCE = 1.0;

  private static final String OBJECT = "a JSON object with classId, studentId, username, emotion, classname and"
      + " subject (confidence and observedAt optional)";
  private static final String ARRAY = "a JSON array of 1 to " + MAX_BATCH + " observations, each " + OBJECT;

  private ObservationRequests() {}

  /** The observation of a single route's body. */
  static Observation one(byte[] body) {
    JsonNode tree = Requests.parseBody(body, FIELDS, OBJECT);
    if (!tree.isObject()) {
      throw ApiError.invalid("body", "the body must be " + OBJECT + ", not " + Requests.describe(tree));
    }
    List<FieldProblem> problems = new ArrayList<>();
    Observation observation = observation(tree, "", problems);
    if (!problems.isEmpty()) {
      throw ApiError.invalid(problems);
    }
    return observation;
  }

  /** The observations of a batch's body, in order. */
  static List<Observation> batch(byte[] body) {
    JsonNode tree = Requests.parseBody(body, FIELDS, ARRAY);
    if (!tree.isArray()) {
      throw ApiError.invalid("body", "the body must be " + ARRAY + ", not " + Requests.describe(tree));
    }
    if (tree.isEmpty() || tree.size() > MAX_BATCH) {
      throw ApiError.invalid("body", "the body holds " + tree.size() + " observations; send 1 to " + MAX_BATCH);
    }
    List<FieldProblem> problems = new ArrayList<>();
    List<Observation> observations = new ArrayList<>(tree.size());
    for (int i = 0; i < tree.size(); i++) {
      JsonNode element = tree.get(i);
      String prefix = "[" + i + "].";
      if (!element.isObject()) {
        problems.add(new FieldProblem("[" + i + "]", "[" + i + "] must be an observation object, not "
            + Requests.describe(element)));
        continue;
      }
      observations.add(observation(element, prefix, problems));
    }
    if (!problems.isEmpty()) {
      throw ApiError.invalid(problems.size() > 20 ? problems.subList(0, 20) : problems);
    }
    return observations;
  }

  private static Observation observation(JsonNode tree, String prefix, List<FieldProblem> problems) {
    int before = problems.size();
    Set<String> unknown = new LinkedHashSet<>();
    tree.fieldNames().forEachRemaining(name -> {
      if (!FIELDS.contains(name)) {
        unknown.add(name);
      }
    });
    for (String name : unknown) {
      String field = prefix + Requests.shown(name);
      problems.add(new FieldProblem(field, "unknown field '" + field + "'; the fields are: " + String.join(", ", FIELDS)));
    }
    String classId = id(tree, "classId", prefix, problems);
    String studentId = id(tree, "studentId", prefix, problems);
    String username = text(tree, "username", prefix, problems);
    String emotionName = text(tree, "emotion", prefix, problems);
    String classname = text(tree, "classname", prefix, problems);
    String subject = text(tree, "subject", prefix, problems);
    double confidence = confidence(tree, prefix, problems);
    Optional<Instant> observedAt = observedAt(tree, prefix, problems);
    Emotion emotion = null;
    if (emotionName != null) {
      try {
        emotion = Emotion.parse(emotionName);
      } catch (InvalidRequestException e) {
        for (FieldProblem problem : e.problems()) {
          problems.add(new FieldProblem(prefix + problem.field(), prefix + problem.message()));
        }
      }
    }
    boolean emotionReported = problems.stream().anyMatch(problem -> problem.field().equals(prefix + "emotion"));
    try {
      Observation observation = new Observation(classId, studentId, username, emotion, confidence, classname,
          subject, observedAt);
      return problems.size() == before ? observation : null;
    } catch (InvalidRequestException e) {
      for (FieldProblem problem : e.problems()) {
        String field = prefix + problem.field();
        boolean known = problems.stream().anyMatch(reported -> reported.field().equals(field));
        if (!known && !(problem.field().equals("emotion") && emotionReported)) {
          problems.add(new FieldProblem(field, prefix + problem.message()));
        }
      }
      return null;
    }
  }

  /** A text field; null (reported by the observation as missing) when absent. */
  private static String text(JsonNode tree, String name, String prefix, List<FieldProblem> problems) {
    JsonNode value = tree.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      problems.add(new FieldProblem(prefix + name, prefix + name + " must be a string, not " + Requests.describe(value)));
      return "";
    }
    if (value.textValue().length() > Requests.MAX_RAW_LENGTH) {
      problems.add(new FieldProblem(prefix + name, prefix + name + " is longer than " + Requests.MAX_RAW_LENGTH
          + " characters"));
      return "";
    }
    return value.textValue();
  }

  /** An id: a string, or a whole number a recogniser may send instead. */
  private static String id(JsonNode tree, String name, String prefix, List<FieldProblem> problems) {
    JsonNode value = tree.get(name);
    if (value != null && value.isIntegralNumber()) {
      return value.asText();
    }
    if (value != null && !value.isNull() && !value.isTextual()) {
      problems.add(new FieldProblem(prefix + name, prefix + name + " must be a string or a whole number, not "
          + Requests.describe(value)));
      return "";
    }
    return text(tree, name, prefix, problems);
  }

  private static double confidence(JsonNode tree, String prefix, List<FieldProblem> problems) {
    JsonNode value = tree.get("confidence");
    if (value == null || value.isNull()) {
      return DEFAULT_CONFIDENCE;
    }
    if (!value.isNumber() || !(value.doubleValue() >= 0 && value.doubleValue() <= 1)) {
      problems.add(new FieldProblem(prefix + "confidence", prefix + "confidence must be a number from 0 to 1, not "
          + (value.isNumber() ? value.asText() : Requests.describe(value))));
      return DEFAULT_CONFIDENCE;
    }
    return value.doubleValue();
  }

  private static Optional<Instant> observedAt(JsonNode tree, String prefix, List<FieldProblem> problems) {
    JsonNode value = tree.get("observedAt");
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    String field = prefix + "observedAt";
    String form = "; give ISO-8601 with an offset (2026-01-05T08:00:15Z) or epoch milliseconds (1767600015000)";
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      long millis = value.longValue();
      if (millis >= 0 && millis <= MAX_EPOCH_MILLIS) {
        return Optional.of(Instant.ofEpochMilli(millis));
      }
      problems.add(new FieldProblem(field, field + " is out of range" + form));
      return Optional.empty();
    }
    if (value.isTextual()) {
      try {
        return Optional.of(OffsetDateTime.parse(value.textValue().strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toInstant());
      } catch (DateTimeException e) {
        problems.add(new FieldProblem(field, field + " is not a date and time" + form));
        return Optional.empty();
      }
    }
    problems.add(new FieldProblem(field, field + " must be a string or a number, not " + Requests.describe(value)
        + form));
    return Optional.empty();
  }

  /** The year 9999's end: any later time is a mistake (seconds sent as milliseconds' thousandfold, say). */
  private static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;
}
