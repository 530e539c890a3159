package org.emodu.intervention.core;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emodu.intervention.core.internal.Text;
import org.emodu.intervention.core.internal.io.UntrustedText;

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
      throw new IllegalArgumentException("text of exemplar " + UntrustedText.printable(id, 60) + " is blank");
    }
    Matcher placeholder = PLACEHOLDER.matcher(text);
    while (placeholder.find()) {
      if (!PLACEHOLDERS.contains(placeholder.group())) {
        throw new IllegalArgumentException("text of exemplar " + UntrustedText.printable(id, 60)
            + " uses the unknown placeholder " + UntrustedText.printable(placeholder.group(), 40) + "; use "
            + String.join(", ", PLACEHOLDERS));
      }
    }
  }

  /** The strategy this exemplar follows. */
  public Strategy strategy() {
    return new Strategy(reinforcement, arcs);
  }

  /**
   * The text with the request's username, subject and class name filled in, so that it reads
   * right: a value that opens a sentence (at the start, or after {@code .}, {@code !}, {@code ?}
   * or an emoji) starts with a capital letter, and a class name that already says "Kelas" ("Kelas
   * 5A") replaces the template's own "kelas" instead of following it ("kelas Kelas 5A").
   */
  public String render(InterventionRequest request) {
    if (text.indexOf('{') < 0) {
      return text;
    }
    StringBuilder rendered = new StringBuilder(text.length() + 48);
    int from = 0;
    int open;
    while ((open = text.indexOf('{', from)) >= 0) {
      int close = text.indexOf('}', open);
      if (close < 0) {
        break;
      }
      String placeholder = text.substring(open, close + 1);
      String value = switch (placeholder) {
        case "{username}" -> request.username();
        case "{subject}" -> request.subject();
        case "{classname}" -> request.classname();
        default -> null;
      };
      rendered.append(text, from, open);
      if (value == null) {
        rendered.append(text, open, close + 1);
      } else {
        if (placeholder.equals("{classname}") && startsWithKelas(value) && endsWithKelas(rendered)) {
          boolean capital = Character.isUpperCase(rendered.charAt(rendered.length() - 6));
          rendered.setLength(rendered.length() - 6);
          value = capital ? capitalised(value) : value;
        }
        rendered.append(opensSentence(rendered) ? capitalised(value) : value);
      }
      from = close + 1;
    }
    return rendered.append(text, from, text.length()).toString();
  }

  /** Whether a class name begins with the word "kelas", in any case ("Kelas 5A", "kelas X"). */
  private static boolean startsWithKelas(String value) {
    return value.regionMatches(true, 0, "kelas", 0, 5) && (value.length() == 5 || !Character.isLetter(value.charAt(5)));
  }

  /** Whether the text so far ends with the word "kelas" and one space. */
  private static boolean endsWithKelas(CharSequence text) {
    int length = text.length();
    if (length < 6 || text.charAt(length - 1) != ' ') {
      return false;
    }
    for (int i = 0; i < 5; i++) {
      if (Character.toLowerCase(text.charAt(length - 6 + i)) != "kelas".charAt(i)) {
        return false;
      }
    }
    return length == 6 || !Character.isLetterOrDigit(text.charAt(length - 7));
  }

  /** Whether what follows the text so far starts a sentence. */
  private static boolean opensSentence(CharSequence text) {
    int end = text.length();
    while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end == 0) {
      return true;
    }
    char last = text.charAt(end - 1);
    if (last == '.' || last == '!' || last == '?') {
      return true;
    }
    // An emoji closes a sentence in chat ("Hai Budi 🤗 Ada..."); skip its variation selector first.
    int codePoint = Character.codePointBefore(text, last == '\uFE0F' && end > 1 ? end - 1 : end);
    return Text.isEmoji(codePoint);
  }

  private static String capitalised(String value) {
    if (value.isEmpty() || !Character.isLowerCase(value.codePointAt(0))) {
      return value;
    }
    int first = value.codePointAt(0);
    return new StringBuilder(value.length()).appendCodePoint(Character.toTitleCase(first))
        .append(value, Character.charCount(first), value.length()).toString();
  }
}
