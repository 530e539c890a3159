package org.emodu.intervention.evaluation;

import java.util.List;

/**
 * The encoder behind {@link BertScorer}: it splits sentences into tokens and gives every token a
 * contextual embedding. {@link OnnxTokenEmbedder} runs a BERT-family model on ONNX Runtime; tests
 * and other encoders implement this interface directly.
 *
 * <p>An embedding must depend only on its own sentence, never on the others in the batch or on
 * padding, so that scores do not change with the batch size. Implementations must be safe for use
 * by several threads at once.
 */
public interface TokenEmbedder extends AutoCloseable {

  /**
   * Names the model and the layer its vectors come from, for the score's hash: for example
   * {@code all-MiniLM-L6-v2-int8_L6}, in the reference implementation's {@code model_L{layer}} form.
   */
  String modelName();

  /** Names the runtime and its version for the score's hash, e.g. {@code onnxruntime=1.23.2}. */
  String runtime();

  /**
   * The most tokens, special ones included, the model reads from one sentence: its maximum input
   * length ({@code max_position_embeddings} for a BERT-family model, 512 when it does not say), the
   * limit the reference implementation truncates at.
   */
  int maxTokens();

  /**
   * The limit the tokenizer's own definition sets, when it sets one below {@link #maxTokens()}: the
   * {@code truncation.max_length} of a Hugging Face {@code tokenizer.json}, 128 for the embedded
   * model. {@link BertScorer.Truncation#TOKENIZER_LIMIT} truncates here. Default: {@link #maxTokens()}.
   */
  default int tokenizerMaxTokens() {
    return maxTokens();
  }

  /** Tokenizes each sentence, truncating any longer than {@link #maxTokens()}. */
  List<TokenizedSentence> tokenize(List<String> sentences);

  /**
   * Embeds a batch of tokenized sentences: for each sentence, one vector per token (special tokens
   * included, in the order of {@link TokenizedSentence#ids()}), all of the same dimension. The
   * arrays are handed over: the caller may change them (the scorer normalises them in place), so
   * return fresh ones every time.
   */
  List<float[][]> embed(List<TokenizedSentence> batch);

  /** Releases the model. The default holds nothing. */
  @Override
  default void close() {}
}
