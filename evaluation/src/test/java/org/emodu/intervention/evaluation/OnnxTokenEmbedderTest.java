package org.emodu.intervention.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX Runtime encoder on model directories: a hand-made lookup model whose vectors are known,
 * and directories that are wrong in every way a user can get them wrong.
 */
class OnnxTokenEmbedderTest {

  private static final double ROOT_HALF = Math.sqrt(0.5);

  // Rows are token ids of the lookup tokenizer: [PAD], [UNK], [CLS], [SEP], a, b, c, d.
  private static final float[][] TABLE = {
      {0, 0, 0}, {0.3f, 0.3f, 0.3f}, {0, 3, 4}, {0.6f, 0.8f, 0},
      {1, 0, 0}, {0, 1, 0}, {1, 1, 0}, {0, 0.6f, 0.8f}};

  @TempDir
  Path directory;

  private Path lookupModel(boolean withConfig) throws IOException {
    Files.write(directory.resolve("model.onnx"), OnnxModelFiles.lookupEncoder(TABLE));
    copy("lookup-model/tokenizer.json", directory.resolve("tokenizer.json"));
    if (withConfig) {
      copy("lookup-model/config.json", directory.resolve("config.json"));
    }
    return directory;
  }

  private static void copy(String resource, Path target) throws IOException {
    try (InputStream in = OnnxTokenEmbedderTest.class.getResourceAsStream(resource)) {
      Files.copy(in, target);
    }
  }

  @Test
  void scoresTheHandComputedCaseThroughOnnxRuntimeAndTheTokenizer() throws IOException {
    try (OnnxTokenEmbedder embedder = OnnxTokenEmbedder.fromDirectory(lookupModel(true))) {
      BertScore score = BertScorer.builder(embedder).legacySemantics().build()
          .score(List.of("A c"), List.of("a b d")).pairs().get(0).score();

      double precision = (1 + ROOT_HALF) / 2;
      double recall = (1 + ROOT_HALF + 0.6 * ROOT_HALF) / 3;
      assertThat(score.precision()).isCloseTo(precision, within(1e-6));
      assertThat(score.recall()).isCloseTo(recall, within(1e-6));
      assertThat(score.f1()).isCloseTo(2 * precision * recall / (precision + recall), within(1e-6));
      assertThat(embedder.inferenceTime()).isPositive();
    }
  }

  @Test
  void letsTokensMatchTheSpecialTokensThroughOnnxRuntimeAsTheReferenceImplementation() throws IOException {
    // As BertScorerTest's case: c matches [SEP] (1.4/r2), b matches [SEP] (0.8), d matches [CLS] (1).
    try (OnnxTokenEmbedder embedder = OnnxTokenEmbedder.fromDirectory(lookupModel(true))) {
      BertScore score = BertScorer.builder(embedder).build()
          .score(List.of("A c"), List.of("a b d")).pairs().get(0).score();

      assertThat(score.precision()).isCloseTo((1 + 1.4 * ROOT_HALF) / 2, within(1e-6));
      assertThat(score.recall()).isCloseTo(2.8 / 3, within(1e-6));
    }
  }

  @Test
  void readsTypedSpecialTokensAsTheirIdsWithoutMarkingThemAdded() throws IOException {
    try (OnnxTokenEmbedder embedder = OnnxTokenEmbedder.fromDirectory(lookupModel(true))) {
      TokenizedSentence sentence = embedder.tokenize(List.of("a [SEP] b")).get(0);

      assertThat(sentence.ids()).containsExactly(2, 4, 3, 5, 3);
      assertThat(sentence.special()).containsExactly(true, false, false, false, true);
    }
  }

  @Test
  void marksTheSpecialTokensTheTokenizerAdds() throws IOException {
    try (OnnxTokenEmbedder embedder = OnnxTokenEmbedder.fromDirectory(lookupModel(true))) {
      TokenizedSentence sentence = embedder.tokenize(List.of("a b")).get(0);

      assertThat(sentence.ids()).containsExactly(2, 4, 5, 3);
      assertThat(sentence.special()).containsExactly(true, false, false, true);
      assertThat(sentence.truncated()).isFalse();
    }
  }

  @Test
  void embedsEachTokenAsTheModelOutputsItWhateverThePadding() throws IOException {
    try (OnnxTokenEmbedder embedder = OnnxTokenEmbedder.fromDirectory(lookupModel(true))) {
      List<float[][]> vectors = embedder.embed(embedder.tokenize(List.of("d", "a b c")));

      assertThat(vectors.get(0)).hasDimensions(3, 3);
      assertThat(vectors.get(0)[1]).containsExactly(TABLE[7]);
      assertThat(vectors.get(1)).hasDimensions(5, 3);
      assertThat(vectors.get(1)[3]).containsExactly(TABLE[6]);
    }
  }

  @Test
  void namesTheModelAndBoundsItsInputFromTheConfiguration() throws IOException {
    try (OnnxTokenEmbedder embedder = OnnxTokenEmbedder.fromDirectory(lookupModel(true))) {
      TokenizedSentence longSentence = embedder.tokenize(List.of("a b c d a b c")).get(0);

      assertThat(embedder.modelName()).isEqualTo("intervensi/lookup-encoder_L0");
      assertThat(embedder.maxTokens()).isEqualTo(6);
      assertThat(embedder.runtime()).matches("onnxruntime=[0-9.]+,tokenizers=[0-9.]+-[0-9.]+");
      assertThat(longSentence.length()).isEqualTo(6);
      assertThat(longSentence.truncated()).isTrue();
      assertThat(longSentence.special()[5]).isTrue();
    }
  }

  @Test
  void namesTheModelAfterItsDirectoryWithoutAConfiguration() throws IOException {
    try (OnnxTokenEmbedder embedder = OnnxTokenEmbedder.fromDirectory(lookupModel(false))) {
      assertThat(embedder.modelName()).isEqualTo(directory.getFileName() + "_Llast");
      assertThat(embedder.maxTokens()).isEqualTo(512);
    }
  }

  @Test
  void rejectsADirectoryThatIsNotThere() {
    Path missing = directory.resolve("no-such-model");

    assertThatThrownBy(() -> OnnxTokenEmbedder.fromDirectory(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist or is not a directory");
  }

  @Test
  void rejectsADirectoryWithoutTheModelOrTheTokenizer() throws IOException {
    copy("lookup-model/tokenizer.json", directory.resolve("tokenizer.json"));

    assertThatThrownBy(() -> OnnxTokenEmbedder.fromDirectory(directory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no readable model.onnx")
        .hasMessageContaining("last_hidden_state");

    Files.delete(directory.resolve("tokenizer.json"));
    Files.write(directory.resolve("model.onnx"), OnnxModelFiles.lookupEncoder(TABLE));
    assertThatThrownBy(() -> OnnxTokenEmbedder.fromDirectory(directory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no readable tokenizer.json");
  }

  @Test
  void rejectsAFileThatIsNotAnOnnxModel() throws IOException {
    lookupModel(true);
    Files.writeString(directory.resolve("model.onnx"), "this is not a model");

    assertThatThrownBy(() -> OnnxTokenEmbedder.fromDirectory(directory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot load the model in " + directory);
  }

  @Test
  void rejectsATokenizerThatIsNotJson() throws IOException {
    lookupModel(true);
    Files.writeString(directory.resolve("tokenizer.json"), "{ not json");

    assertThatThrownBy(() -> OnnxTokenEmbedder.fromDirectory(directory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokenizer.json is not valid JSON");
  }

  @Test
  void rejectsAModelThatGivesOnlyAPooledSentenceEmbedding() throws IOException {
    lookupModel(true);
    Files.write(directory.resolve("model.onnx"), OnnxModelFiles.pooledOnly());

    assertThatThrownBy(() -> OnnxTokenEmbedder.fromDirectory(directory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has the outputs [sentence_embedding]")
        .hasMessageContaining("needs last_hidden_state");
  }

  @Test
  void rejectsAModelThatNeedsInputsABertEncoderLacks() throws IOException {
    lookupModel(true);
    Files.write(directory.resolve("model.onnx"), OnnxModelFiles.foreignInput());

    assertThatThrownBy(() -> OnnxTokenEmbedder.fromDirectory(directory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs the input pixel_values");
  }
}
