package org.emodu.intervention.evaluation;

import java.util.Arrays;
import java.util.Objects;

/**
 * One sentence as an encoder's tokenizer split it: the token ids in order, which of them are special
 * tokens the tokenizer added ({@code [CLS]}, {@code [SEP]} and their kind), and whether the sentence
 * was longer than the model accepts and lost its tail. The arrays belong to this value; callers must
 * not change them. Like any record with array components, two values are equal only when they share
 * their arrays.
 *
 * @param text the sentence as given
 * @param ids the token ids, special tokens included
 * @param special for each token, whether the tokenizer added it rather than read it from the text
 * @param truncated whether tokens past the model's limit were cut off
 */
public record TokenizedSentence(String text, long[] ids, boolean[] special, boolean truncated) {

  public TokenizedSentence {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(special, "special");
    if (ids.length != special.length) {
      throw new IllegalArgumentException(
          "a tokenized sentence needs one special-token flag per token: " + ids.length + " ids, "
              + special.length + " flags");
    }
  }

  /** The number of tokens, special ones included. */
  public int length() {
    return ids.length;
  }

  /**
   * This sentence cut to at most {@code maxTokens} tokens the way a Hugging Face tokenizer truncates
   * one sentence: the text's tokens lose their tail, the special tokens that close the sentence
   * ({@code [SEP]}) stay. This sentence itself when it is short enough.
   */
  TokenizedSentence truncatedTo(int maxTokens) {
    if (ids.length <= maxTokens) {
      return this;
    }
    int closing = 0;
    while (closing < ids.length && special[ids.length - 1 - closing]) {
      closing++;
    }
    closing = Math.min(closing, maxTokens);
    int opening = maxTokens - closing;
    long[] keptIds = Arrays.copyOf(ids, maxTokens);
    boolean[] keptSpecial = Arrays.copyOf(special, maxTokens);
    System.arraycopy(ids, ids.length - closing, keptIds, opening, closing);
    System.arraycopy(special, ids.length - closing, keptSpecial, opening, closing);
    return new TokenizedSentence(text, keptIds, keptSpecial, true);
  }
}
