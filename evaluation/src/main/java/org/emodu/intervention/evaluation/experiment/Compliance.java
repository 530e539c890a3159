package org.emodu.intervention.evaluation.experiment;

import java.util.Collection;
import java.util.Locale;
import org.emodu.intervention.core.generation.OutputPolicy;
import org.emodu.intervention.core.internal.Text;

/**
 * How many answers kept the rules an intervention must meet: at most 25 words, at least one emoji,
 * the student named. Shares are of the answers given (failed generations have no text to judge).
 *
 * @param answers how many answers were judged
 * @param withinWordLimit answers of at most {@link OutputPolicy#DEFAULT_MAX_WORDS} words
 * @param withEmoji answers with at least one emoji
 * @param namingStudent answers that name the student (the username, or its first word)
 * @param meetingAll answers that keep all three rules
 */
public record Compliance(long answers, long withinWordLimit, long withEmoji, long namingStudent, long meetingAll) {

  public Compliance {
    if (answers < 0 || withinWordLimit > answers || withEmoji > answers || namingStudent > answers
        || meetingAll > Math.min(withinWordLimit, Math.min(withEmoji, namingStudent))) {
      throw new IllegalArgumentException("inconsistent compliance counts");
    }
  }

  /** Judges answers. */
  public static Compliance of(Collection<Generation> generations) {
    long answers = 0;
    long words = 0;
    long emoji = 0;
    long named = 0;
    long all = 0;
    for (Generation generation : generations) {
      if (!generation.succeeded()) {
        continue;
      }
      String text = generation.record().text();
      answers++;
      boolean withinLimit = Text.countWords(text) <= OutputPolicy.DEFAULT_MAX_WORDS;
      boolean hasEmoji = Text.hasEmoji(text);
      boolean namesStudent = names(text, generation.item().request().username());
      words += withinLimit ? 1 : 0;
      emoji += hasEmoji ? 1 : 0;
      named += namesStudent ? 1 : 0;
      all += withinLimit && hasEmoji && namesStudent ? 1 : 0;
    }
    return new Compliance(answers, words, emoji, named, all);
  }

  /** Whether a text names the student: the whole username or its first word, in any case. */
  static boolean names(String text, String username) {
    String lowerText = text.toLowerCase(Locale.ROOT);
    String lowerName = username.toLowerCase(Locale.ROOT);
    String firstWord = lowerName.split("\\s+")[0];
    return lowerText.contains(lowerName) || (firstWord.length() >= 2 && lowerText.contains(firstWord));
  }

  public double withinWordLimitShare() {
    return share(withinWordLimit);
  }

  public double withEmojiShare() {
    return share(withEmoji);
  }

  public double namingStudentShare() {
    return share(namingStudent);
  }

  public double meetingAllShare() {
    return share(meetingAll);
  }

  private double share(long count) {
    return answers == 0 ? Double.NaN : (double) count / answers;
  }
}
