package org.emodu.intervention.evaluation;

/**
 * A sentence ready for greedy matching: the L2-normalised vectors of its ordinary tokens (special
 * tokens dropped) and their weights scaled to sum to 1.
 */
final class SentenceVectors {

  final float[][] vectors;
  final double[] weights;

  private SentenceVectors(float[][] vectors, double[] weights) {
    this.vectors = vectors;
    this.weights = weights;
  }

  int tokens() {
    return vectors.length;
  }

  /**
   * Keeps the ordinary tokens of a sentence with their embeddings, normalised in place (the encoder
   * hands its arrays over), and their weights. When every weight is zero (with idf, a sentence whose
   * every token is in every reference) the tokens weigh alike, rather than leaving the score
   * undefined.
   */
  static SentenceVectors of(TokenizedSentence sentence, float[][] embedding, IdfWeights idf) {
    if (embedding.length != sentence.length()) {
      throw new IllegalStateException("the encoder gave " + embedding.length + " vectors for " + sentence.length()
          + " tokens of: " + sentence.text());
    }
    int kept = 0;
    for (boolean special : sentence.special()) {
      kept += special ? 0 : 1;
    }
    int dimension = embedding.length == 0 ? 0 : embedding[0].length;
    float[][] vectors = new float[kept][];
    double[] weights = new double[kept];
    double weightSum = 0;
    int row = 0;
    for (int token = 0; token < sentence.length(); token++) {
      if (sentence.special()[token]) {
        continue;
      }
      float[] vector = embedding[token];
      if (vector.length != dimension) {
        throw new IllegalStateException("the encoder gave vectors of " + dimension + " and " + vector.length
            + " dimensions for one sentence: " + sentence.text());
      }
      double squares = 0;
      for (float value : vector) {
        squares += (double) value * value;
      }
      double scale = squares == 0 ? 0 : 1 / Math.sqrt(squares);
      for (int i = 0; i < dimension; i++) {
        vector[i] = (float) (vector[i] * scale);
      }
      vectors[row] = vector;
      weights[row] = idf.weight(sentence.ids()[token]);
      weightSum += weights[row];
      row++;
    }
    for (int i = 0; i < kept; i++) {
      weights[i] = weightSum > 0 ? weights[i] / weightSum : 1.0 / kept;
    }
    return new SentenceVectors(vectors, weights);
  }
}
