package org.emodu.intervention.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.emodu.intervention.core.Text;

/**
 * chrF++ (Popović, 2017), the character and word n-gram F-score of machine translation, as a
 * model-free {@link TextSimilarity}: the mean, over character n-grams of 1 to 6 and word n-grams of
 * 1 and 2, of the F-score with beta 2 (recall, what of the source the variant keeps, weighs four
 * times precision), after sacrebleu's {@code CHRF(word_order=2)}, here on lower-cased text and
 * with emoji left out (the gate checks them on their own). Spaces are not part of character
 * n-grams, so a changed word costs a few of them, not a whole word's. 1 for the same words, 0 for
 * texts with nothing in common.
 */
public final class ChrfSimilarity implements TextSimilarity {

  private static final int CHARACTER_ORDER = 6;
  private static final int WORD_ORDER = 2;
  private static final double BETA_SQUARED = 4;

  @Override
  public double similarity(String source, String variant) {
    List<String> sourceWords = words(source);
    List<String> variantWords = words(variant);
    String sourceCharacters = String.join("", sourceWords);
    String variantCharacters = String.join("", variantWords);
    double sum = 0;
    int orders = 0;
    for (int n = 1; n <= CHARACTER_ORDER; n++) {
      double score = fScore(characterGrams(variantCharacters, n), characterGrams(sourceCharacters, n));
      if (!Double.isNaN(score)) {
        sum += score;
        orders++;
      }
    }
    for (int n = 1; n <= WORD_ORDER; n++) {
      double score = fScore(wordGrams(variantWords, n), wordGrams(sourceWords, n));
      if (!Double.isNaN(score)) {
        sum += score;
        orders++;
      }
    }
    return orders == 0 ? (sourceCharacters.equals(variantCharacters) ? 1 : 0) : sum / orders;
  }

  /** F-beta of one order, or NaN when either side is too short to have n-grams of it. */
  private static double fScore(Map<String, Integer> hypothesis, Map<String, Integer> reference) {
    int hypothesisTotal = hypothesis.values().stream().mapToInt(Integer::intValue).sum();
    int referenceTotal = reference.values().stream().mapToInt(Integer::intValue).sum();
    if (hypothesisTotal == 0 || referenceTotal == 0) {
      return hypothesisTotal == referenceTotal ? Double.NaN : 0;
    }
    int matches = 0;
    for (Map.Entry<String, Integer> gram : hypothesis.entrySet()) {
      matches += Math.min(gram.getValue(), reference.getOrDefault(gram.getKey(), 0));
    }
    if (matches == 0) {
      return 0;
    }
    double precision = (double) matches / hypothesisTotal;
    double recall = (double) matches / referenceTotal;
    return (1 + BETA_SQUARED) * precision * recall / (BETA_SQUARED * precision + recall);
  }

  private static Map<String, Integer> characterGrams(String text, int n) {
    Map<String, Integer> grams = new HashMap<>();
    int[] codePoints = text.codePoints().toArray();
    for (int i = 0; i + n <= codePoints.length; i++) {
      grams.merge(new String(codePoints, i, n), 1, Integer::sum);
    }
    return grams;
  }

  private static Map<String, Integer> wordGrams(List<String> words, int n) {
    Map<String, Integer> grams = new HashMap<>();
    for (int i = 0; i + n <= words.size(); i++) {
      grams.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
    }
    return grams;
  }

  /**
   * The text's words, lower case, with punctuation split off as words of its own (as sacrebleu's
   * chrF++ splits it) and emoji left out.
   */
  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    String lower = text.toLowerCase(Locale.ROOT);
    for (int i = 0; i < lower.length(); ) {
      int codePoint = lower.codePointAt(i);
      i += Character.charCount(codePoint);
      if (Character.isLetterOrDigit(codePoint) || codePoint == '-' || codePoint == '{' || codePoint == '}' || codePoint == '_') {
        word.appendCodePoint(codePoint);
        continue;
      }
      if (word.length() > 0) {
        words.add(word.toString());
        word.setLength(0);
      }
      if (!Character.isWhitespace(codePoint) && !Text.isEmoji(codePoint) && Character.getType(codePoint) != Character.NON_SPACING_MARK
          && codePoint != 0xFE0F && codePoint != 0x200D) {
        words.add(new String(Character.toChars(codePoint)));
      }
    }
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words;
  }

  @Override
  public String toString() {
    return "chrF++";
  }
}
