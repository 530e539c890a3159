package org.emodu.intervention.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.emodu.intervention.core.internal.Text;

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
    return similarity(profile(source), profile(variant));
  }

  /**
   * A text's n-grams, worked out once so that one source can be compared with many variants. Each
   * n-gram is kept as a 64-bit hash, in one sorted array per order: two n-grams of a short message
   * colliding is far less likely than a misread rating, and matching becomes a merge of arrays.
   */
  static Profile profile(String text) {
    List<String> words = words(text);
    int[] characters = String.join("", words).codePoints().toArray();
    long[][] grams = new long[CHARACTER_ORDER + WORD_ORDER][];
    for (int n = 1; n <= CHARACTER_ORDER; n++) {
      long[] order = new long[Math.max(0, characters.length - n + 1)];
      for (int i = 0; i < order.length; i++) {
        long hash = n;
        for (int j = i; j < i + n; j++) {
          hash = hash * 0x100000001B3L + characters[j];
        }
        order[i] = mix(hash);
      }
      Arrays.sort(order);
      grams[n - 1] = order;
    }
    long[] wordHashes = new long[words.size()];
    for (int i = 0; i < wordHashes.length; i++) {
      long hash = 0xCBF29CE484222325L;
      String word = words.get(i);
      for (int j = 0; j < word.length(); j++) {
        hash = (hash ^ word.charAt(j)) * 0x100000001B3L;
      }
      wordHashes[i] = mix(hash);
    }
    long[] unigrams = wordHashes.clone();
    Arrays.sort(unigrams);
    long[] bigrams = new long[Math.max(0, wordHashes.length - 1)];
    for (int i = 0; i < bigrams.length; i++) {
      bigrams[i] = mix(wordHashes[i] * 0x9E3779B97F4A7C15L + wordHashes[i + 1]);
    }
    Arrays.sort(bigrams);
    grams[CHARACTER_ORDER] = unigrams;
    grams[CHARACTER_ORDER + 1] = bigrams;
    return new Profile(grams, String.join("", words));
  }

  /** The similarity of a variant to its source, both given as profiles. */
  static double similarity(Profile source, Profile variant) {
    double sum = 0;
    int orders = 0;
    for (int order = 0; order < CHARACTER_ORDER + WORD_ORDER; order++) {
      double score = fScore(variant.grams()[order], source.grams()[order]);
      if (!Double.isNaN(score)) {
        sum += score;
        orders++;
      }
    }
    return orders == 0 ? (source.characters().equals(variant.characters()) ? 1 : 0) : sum / orders;
  }

  /** F-beta of one order, or NaN when neither side is long enough to have n-grams of it. */
  private static double fScore(long[] hypothesis, long[] reference) {
    if (hypothesis.length == 0 || reference.length == 0) {
      return hypothesis.length == reference.length ? Double.NaN : 0;
    }
    int matches = 0;
    int i = 0;
    int j = 0;
    while (i < hypothesis.length && j < reference.length) {
      if (hypothesis[i] == reference[j]) {
        matches++;
        i++;
        j++;
      } else if (hypothesis[i] < reference[j]) {
        i++;
      } else {
        j++;
      }
    }
    if (matches == 0) {
      return 0;
    }
    double precision = (double) matches / hypothesis.length;
    double recall = (double) matches / reference.length;
    return (1 + BETA_SQUARED) * precision * recall / (BETA_SQUARED * precision + recall);
  }

  /** SplitMix64's finaliser: spreads a hash over all 64 bits. */
  private static long mix(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The n-grams of one text: sorted hashes per order, and its characters for the degenerate case. */
  record Profile(long[][] grams, String characters) {}

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
