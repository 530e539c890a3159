package org.emodu.intervention.evaluation;

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
}
