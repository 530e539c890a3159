package org.emodu.intervention.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.InvalidRequestException;
import org.emodu.intervention.core.InvalidRequestException.FieldProblem;
import org.emodu.intervention.core.Reinforcement;

/**
 * What an emotion recogniser saw of one student in one frame: who (the class's and the student's
 * ids, the name to address them by), the emotion and the recogniser's confidence in it, the class
 * and subject being taught, and when ({@code observedAt}, the frame's time; empty to use the
 * policy's clock).
 *
 * <p>Validated on construction: {@code classId} and {@code studentId} non-blank, at most
 * {@value #MAX_ID_LENGTH} characters, without control characters; {@code username},
 * {@code classname} and {@code subject} cleaned and bounded as {@link InterventionRequest} cleans
 * them; {@code confidence} from 0 to 1. Every problem is reported at once in an
 * {@link InvalidRequestException} naming the fields.
 */
public record Observation(
    String classId,
    String studentId,
    String username,
    Emotion emotion,
    double confidence,
    String classname,
    String subject,
    Optional<Instant> observedAt) {

  /** The longest accepted class or student id, in characters. */
  public static final int MAX_ID_LENGTH = 128;

  public Observation {
    List<FieldProblem> problems = new ArrayList<>();
    classId = id("classId", classId, problems);
    studentId = id("studentId", studentId, problems);
    if (emotion == null) {
      problems.add(new FieldProblem("emotion", "emotion is missing; use one of: " + Emotion.choices()));
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      problems.add(new FieldProblem("confidence", "confidence must be a number from 0 to 1, got " + confidence));
    }
    observedAt = observedAt == null ? Optional.empty() : observedAt;
    try {
      // The request's own rules clean and bound the three texts a prompt will hold.
      InterventionRequest cleaned = new InterventionRequest(username, Emotion.NEUTRAL, Reinforcement.POSITIVE,
          ArcsStrategy.ATTENTION, classname, subject);
      username = cleaned.username();
      classname = cleaned.classname();
      subject = cleaned.subject();
    } catch (InvalidRequestException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(ordered(problems));
    }
  }

  /** An observation at a given time. */
  public static Observation of(String classId, String studentId, String username, Emotion emotion, double confidence,
      String classname, String subject, Instant observedAt) {
    return new Observation(classId, studentId, username, emotion, confidence, classname, subject,
        Optional.of(observedAt));
  }

  /** This observation at another time. */
  public Observation at(Instant time) {
    return new Observation(classId, studentId, username, emotion, confidence, classname, subject, Optional.of(time));
  }

  private static String id(String field, String value, List<FieldProblem> problems) {
    if (value == null) {
      problems.add(new FieldProblem(field, field + " is missing"));
      return null;
    }
    String stripped = value.strip();
    if (stripped.isEmpty()) {
      problems.add(new FieldProblem(field, field + " is blank"));
    } else if (stripped.codePointCount(0, stripped.length()) > MAX_ID_LENGTH) {
      problems.add(new FieldProblem(field, field + " is longer than " + MAX_ID_LENGTH + " characters"));
    } else if (stripped.codePoints().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
      problems.add(new FieldProblem(field, field + " holds a control character or line break"));
    }
    return stripped;
  }

  private static List<FieldProblem> ordered(List<FieldProblem> problems) {
    List<String> order = List.of("classId", "studentId", "username", "emotion", "confidence", "classname", "subject");
    List<FieldProblem> sorted = new ArrayList<>();
    for (FieldProblem problem : problems) {
      if (sorted.stream().noneMatch(known -> known.field().equals(problem.field()))) {
        sorted.add(problem);
      }
    }
    sorted.sort(java.util.Comparator.comparingInt(problem -> {
      int index = order.indexOf(problem.field());
      return index < 0 ? order.size() : index;
    }));
    return sorted;
  }
}
