package org.emodu.intervention.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test encoder with known vectors: words split on spaces, each word one token with the vector the
 * table gives it, wrapped in {@code [CLS]} and {@code [SEP]} special tokens with vectors of their
 * own (chosen by tests to show whether they are matched). The words {@code [CLS]} and {@code [SEP]}
 * typed in a sentence become those tokens' ids, not marked as added, as a Hugging Face tokenizer
 * reads them. Sentences are cut at {@link #maxTokens()}; {@link #tokenizerMaxTokens()} may name a
 * lower limit.
 */
final class TableEmbedder implements TokenEmbedder {

  static final long CLS = 101;
  static final long SEP = 102;

  private final Map<String, float[]> vectors;
  private final Map<String, Long> ids = new HashMap<>();
  private final float[] clsVector;
  private final float[] sepVector;
  private final int maxTokens;
  private final int tokenizerMaxTokens;
  final AtomicInteger embedCalls = new AtomicInteger();
  final List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());

  TableEmbedder(Map<String, float[]> vectors, float[] clsVector, float[] sepVector, int maxTokens,
      int tokenizerMaxTokens) {
    this.vectors = vectors;
    this.clsVector = clsVector;
    this.sepVector = sepVector;
    this.maxTokens = maxTokens;
    this.tokenizerMaxTokens = tokenizerMaxTokens;
    long next = 1000;
    for (String word : new java.util.TreeSet<>(vectors.keySet())) {
      ids.put(word, next++);
    }
  }

  TableEmbedder(Map<String, float[]> vectors, float[] clsVector, float[] sepVector, int maxTokens) {
    this(vectors, clsVector, sepVector, maxTokens, maxTokens);
  }

  TableEmbedder(Map<String, float[]> vectors, float[] clsVector, float[] sepVector) {
    this(vectors, clsVector, sepVector, 512);
  }

  long id(String word) {
    return ids.get(word);
  }

  @Override
  public String modelName() {
    return "table_L1";
  }

  @Override
  public String runtime() {
    return "table=1";
  }

  @Override
  public int maxTokens() {
    return maxTokens;
  }

  @Override
  public int tokenizerMaxTokens() {
    return tokenizerMaxTokens;
  }

  @Override
  public List<TokenizedSentence> tokenize(List<String> sentences) {
    List<TokenizedSentence> tokenized = new ArrayList<>();
    for (String sentence : sentences) {
      String[] words = sentence.strip().split("\\s+");
      int kept = Math.min(words.length, maxTokens - 2);
      long[] tokenIds = new long[kept + 2];
      boolean[] special = new boolean[kept + 2];
      tokenIds[0] = CLS;
      special[0] = true;
      for (int i = 0; i < kept; i++) {
        Long id = words[i].equals("[CLS]") ? Long.valueOf(CLS) : words[i].equals("[SEP]") ? Long.valueOf(SEP) : ids.get(words[i]);
        if (id == null) {
          throw new IllegalArgumentException("no vector for the word " + words[i]);
        }
        tokenIds[i + 1] = id;
      }
      tokenIds[kept + 1] = SEP;
      special[kept + 1] = true;
      tokenized.add(new TokenizedSentence(sentence, tokenIds, special, kept < words.length));
    }
    return tokenized;
  }

  @Override
  public List<float[][]> embed(List<TokenizedSentence> batch) {
    embedCalls.incrementAndGet();
    batchSizes.add(batch.size());
    Map<Long, String> words = new HashMap<>();
    ids.forEach((word, id) -> words.put(id, word));
    List<float[][]> embeddings = new ArrayList<>();
    for (TokenizedSentence sentence : batch) {
      float[][] sentenceVectors = new float[sentence.length()][];
      for (int i = 0; i < sentence.length(); i++) {
        long id = sentence.ids()[i];
        sentenceVectors[i] = id == CLS ? clsVector.clone() : id == SEP ? sepVector.clone() : vectors.get(words.get(id)).clone();
      }
      embeddings.add(sentenceVectors);
    }
    return embeddings;
  }
}
