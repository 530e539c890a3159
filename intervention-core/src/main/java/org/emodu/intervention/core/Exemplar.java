package org.emodu.intervention.core;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of an exemplar corpus: an intervention text with placeholders, labelled with the
 * emotion, reinforcement and ARCS strategy it serves.
 *
 * @param id unique within its corpus
 * @param text the template; {@code {username}}, {@code {subject}} and {@code {classname}} are
 *     filled in at generation time
 * @param sourceId the exemplar an augmented variant was made from, if any
 * @param origin {@code expert}, {@code builtin} or {@code augmented:<method>}
 */
public record Exemplar(
    String id,
    Emotion emotion,
    Reinforcement reinforcement,
    ArcsStrategy arcs,
    String text,
    Optional<String> sourceId,
    String origin) {

  /** The placeholders a template may use. */
  public static final java.util.List<String> PLACEHOLDERS = java.util.List.of("{username}", "{subject}", "{classname}");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}\\s]*)\\}");

  public Exemplar {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(emotion, "emotion");
    Objects.requireNonNull(reinforcement, "reinforcement");
    Objects.requireNonNull(arcs, "arcs");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(origin, "origin");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id is blank");
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("text of exemplar " + id + " is blank");
    }
    Matcher placeholder = PLACEHOLDER.matcher(text);
    while (placeholder.find()) {
      if (!PLACEHOLDERS.contains(placeholder.group())) {
        throw new IllegalArgumentException("text of exemplar " + id + " uses the unknown placeholder "
            + placeholder.group() + "; use " + String.join(", ", PLACEHOLDERS));
      }
    }
  }

  /** The strategy this exemplar follows. */
  public Strategy strategy() {
    return new Strategy(reinforcement, arcs);
  }

  /** The text with the request's username, subject and class name filled in. */
  public String render(InterventionRequest request) {
    return text.replace("{username}", request.username())
        .replace("{subject}", request.subject())
        .replace("{classname}", request.classname());
  }
}
