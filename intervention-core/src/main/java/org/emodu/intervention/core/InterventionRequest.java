package org.emodu.intervention.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.emodu.intervention.core.generation.StrategySelector;
import org.emodu.intervention.core.internal.Text;

/**
 * What a caller asks an intervention for: the student, the emotion seen, the reinforcement and
 * ARCS strategy to follow, and the class and subject being taught.
 *
 * <p>Text fields are cleaned on construction: line breaks and control characters become spaces
 * (so that no field can forge an extra line in a prompt), whitespace is collapsed and trimmed.
 * Each must then be non-blank and at most {@value #MAX_NAME_LENGTH} characters for the username,
 * {@value #MAX_TEXT_LENGTH} for the class name and subject. Every problem is reported at once in
 * an {@link InvalidRequestException} that names the fields.
 *
 * <p>Callers with raw strings (a query string, command-line options) use {@link #builder()}, which
 * parses names leniently and lets a {@link StrategySelector} fill in a missing reinforcement or
 * ARCS strategy.
 */
public record InterventionRequest(
    String username,
    Emotion emotion,
    Reinforcement reinforcement,
    ArcsStrategy arcs,
    String classname,
    String subject) {

  /** The longest accepted username, in characters. */
  public static final int MAX_NAME_LENGTH = 64;

  /** The longest accepted class name or subject, in characters. */
  public static final int MAX_TEXT_LENGTH = 120;

  public InterventionRequest {
    List<InvalidRequestException.FieldProblem> problems = new ArrayList<>();
    username = cleaned("username", username, MAX_NAME_LENGTH, problems);
    if (emotion == null) {
      problems.add(missing("emotion", Emotion.choices()));
    }
    if (reinforcement == null) {
      problems.add(missing("reinforcement", Reinforcement.choices()));
    }
    if (arcs == null) {
      problems.add(missing("arcs", ArcsStrategy.choices()));
    }
    classname = cleaned("classname", classname, MAX_TEXT_LENGTH, problems);
    subject = cleaned("subject", subject, MAX_TEXT_LENGTH, problems);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
  }

  /** The reinforcement and ARCS strategy together. */
  public Strategy strategy() {
    return new Strategy(reinforcement, arcs);
  }

  /** A builder that accepts raw strings and parses them leniently. */
  public static Builder builder() {
    return new Builder();
  }

  private static String cleaned(
      String field, String value, int maxLength, List<InvalidRequestException.FieldProblem> problems) {
    if (value == null) {
      problems.add(new InvalidRequestException.FieldProblem(field, field + " is missing"));
      return null;
    }
    String line = Text.singleLine(value);
    if (line.isEmpty()) {
      problems.add(new InvalidRequestException.FieldProblem(field, field + " is blank"));
    } else if (line.codePointCount(0, line.length()) > maxLength) {
      problems.add(new InvalidRequestException.FieldProblem(
          field, field + " is longer than " + maxLength + " characters"));
    }
    return line;
  }

  private static InvalidRequestException.FieldProblem missing(String field, String choices) {
    return new InvalidRequestException.FieldProblem(field, field + " is missing; use one of: " + choices);
  }

  /**
   * Collects raw field values and builds a validated request. Emotion, reinforcement and ARCS
   * names are parsed as {@link Emotion#parse}, {@link Reinforcement#parse} and
   * {@link ArcsStrategy#parse} do; a blank or absent reinforcement or ARCS strategy is chosen by
   * the {@link StrategySelector}.
   */
  public static final class Builder {
    private String username;
    private String emotion;
    private String reinforcement;
    private String arcs;
    private String classname;
    private String subject;

    private Builder() {}

    public Builder username(String username) {
      this.username = username;
      return this;
    }

    public Builder emotion(String emotion) {
      this.emotion = emotion;
      return this;
    }

    public Builder emotion(Emotion emotion) {
      this.emotion = emotion.label();
      return this;
    }

    public Builder reinforcement(String reinforcement) {
      this.reinforcement = reinforcement;
      return this;
    }

    public Builder reinforcement(Reinforcement reinforcement) {
      this.reinforcement = reinforcement.label();
      return this;
    }

    public Builder arcs(String arcs) {
      this.arcs = arcs;
      return this;
    }

    public Builder arcs(ArcsStrategy arcs) {
      this.arcs = arcs.label();
      return this;
    }

    public Builder classname(String classname) {
      this.classname = classname;
      return this;
    }

    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /** Builds with the {@linkplain StrategySelector#standard() standard} strategy mapping. */
    public InterventionRequest build() {
      return build(StrategySelector.standard());
    }

    /**
     * Builds the request, reporting every offending field at once.
     *
     * @throws InvalidRequestException naming each field that is missing, blank, too long or unknown
     */
    public InterventionRequest build(StrategySelector selector) {
      List<InvalidRequestException.FieldProblem> problems = new ArrayList<>();
      Emotion parsedEmotion = parse(() -> Emotion.parse(emotion), problems);
      Optional<Reinforcement> parsedReinforcement = isAbsent(reinforcement)
          ? Optional.empty()
          : Optional.ofNullable(parse(() -> Reinforcement.parse(reinforcement), problems));
      Optional<ArcsStrategy> parsedArcs = isAbsent(arcs)
          ? Optional.empty()
          : Optional.ofNullable(parse(() -> ArcsStrategy.parse(arcs), problems));
      Reinforcement chosenReinforcement = null;
      ArcsStrategy chosenArcs = null;
      if (parsedEmotion != null) {
        Strategy fallback = selector.select(parsedEmotion);
        chosenReinforcement = parsedReinforcement.orElse(fallback.reinforcement());
        chosenArcs = parsedArcs.orElse(fallback.arcs());
      }
      try {
        InterventionRequest request = new InterventionRequest(
            username, parsedEmotion, chosenReinforcement, chosenArcs, classname, subject);
        if (problems.isEmpty()) {
          return request;
        }
      } catch (InvalidRequestException e) {
        // Report an unknown name rather than "missing", and no strategy for an unknown emotion.
        for (InvalidRequestException.FieldProblem problem : e.problems()) {
          boolean strategyUnchosen = parsedEmotion == null
              && (problem.field().equals("reinforcement") || problem.field().equals("arcs"));
          if (!strategyUnchosen && problems.stream().noneMatch(known -> known.field().equals(problem.field()))) {
            problems.add(problem);
          }
        }
      }
      throw new InvalidRequestException(ordered(problems));
    }

    private static boolean isAbsent(String value) {
      return value == null || value.isBlank();
    }

    private static <T> T parse(
        java.util.function.Supplier<T> parser, List<InvalidRequestException.FieldProblem> problems) {
      try {
        return parser.get();
      } catch (InvalidRequestException e) {
        problems.addAll(e.problems());
        return null;
      }
    }

    private static List<InvalidRequestException.FieldProblem> ordered(
        List<InvalidRequestException.FieldProblem> problems) {
      List<String> order = List.of("username", "emotion", "reinforcement", "arcs", "classname", "subject");
      List<InvalidRequestException.FieldProblem> sorted = new ArrayList<>(problems);
      sorted.sort(java.util.Comparator.comparingInt(problem -> order.indexOf(problem.field())));
      return sorted;
    }
  }
}
