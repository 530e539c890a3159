package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.Progress;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.evaluation.Baseline;
import org.emodu.intervention.evaluation.BertScore;
import org.emodu.intervention.evaluation.BertScoreInputs;
import org.emodu.intervention.evaluation.BertScoreResult;
import org.emodu.intervention.evaluation.BertScorer;
import org.emodu.intervention.evaluation.OnnxTokenEmbedder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code intervensi evaluate bertscore}: BERTScore of candidates against references, offline. */
@Command(
    name = "bertscore",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Scores candidate sentences against reference sentences with BERTScore (precision, recall, F1), offline.",
        "Files hold one sentence a line; .jsonl files hold one JSON object a line with the sentence in a field."
            + " Writes one CSV row per candidate and prints the mean scores and the hash that names how they were made."
            + " Scores as the reference implementation (bert_score) does: sentences truncated at the model's maximum"
            + " length (512 tokens), [CLS] and [SEP] kept in the similarity matrix with weight 0, [SEP] or [CLS]"
            + " typed in a text weighted 0, and with several references each of P, R and F1 the maximum over them."
            + " The options under \"Earlier semantics\" restore what intervensi did before, one by one or all at"
            + " once."},
    footer = {
        "",
        "Examples:",
        "  intervensi evaluate bertscore --candidates docs/examples/generated.txt --references docs/examples/expected.txt \\",
        "      --out scores.csv",
        "  intervensi evaluate bertscore --candidates log.jsonl --references set.jsonl --idf \\",
        "      --model-dir models/bert-base-multilingual-cased --rescale-file baseline.tsv --out scores.csv"})
final class EvaluateBertScoreCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--candidates", required = true, paramLabel = "FILE",
      description = "The sentences to score, one a line (or JSON Lines, see --candidate-field).")
  private Path candidates;

  @Option(names = "--references", required = true, arity = "1..*", paramLabel = "FILE",
      description = "The reference sentences; line N belongs to candidate N. Several files (or a JSON list in a"
          + " .jsonl field) give several references per candidate; P, R and F1 are each the maximum over them.")
  private List<Path> references;

  @Option(names = "--candidate-field", paramLabel = "NAME", defaultValue = BertScoreInputs.DEFAULT_CANDIDATE_FIELD,
      description = "The field holding a candidate in .jsonl files (default: ${DEFAULT-VALUE}, as in interaction logs).")
  private String candidateField;

  @Option(names = "--reference-field", paramLabel = "NAME", defaultValue = BertScoreInputs.DEFAULT_REFERENCE_FIELD,
      description = "The field holding references in .jsonl files (default: ${DEFAULT-VALUE}).")
  private String referenceField;

  @Option(names = "--idf", description = "Weigh tokens by inverse document frequency over the references.")
  private boolean idf;

  @ArgGroup(exclusive = true)
  private Rescaling rescaling;

  static final class Rescaling {
    @Option(names = "--rescale", paramLabel = "P,R,F",
        description = "Rescale with these baseline values, (x - b) / (1 - b): three numbers, or one for all three.")
    String values;

    @Option(names = "--rescale-file", paramLabel = "FILE",
        description = "Rescale with a baseline file in the reference implementation's format (LAYER,P,R,F).")
    Path file;
  }

  @Option(names = "--rescale-layer", paramLabel = "N",
      description = "The row of --rescale-file to use (default: the last, the deepest layer).")
  private Integer rescaleLayer;

  @Option(names = "--model-dir", paramLabel = "DIR",
      description = "A directory with model.onnx and tokenizer.json of a BERT-family encoder whose output is"
          + " last_hidden_state (e.g. bert-base-multilingual-cased for Indonesian). Default: the embedded"
          + " all-MiniLM-L6-v2.")
  private Path modelDirectory;

  @ArgGroup(exclusive = false, heading = "Earlier semantics (before intervensi followed bert_score throughout):%n")
  private EarlierSemantics earlier = new EarlierSemantics();

  static final class EarlierSemantics {
    @Option(names = "--truncate-at-tokenizer-limit",
        description = "Truncate at the tokenizer file's own limit (128 for the embedded model) instead of the"
            + " model's maximum length (512).")
    boolean tokenizerLimit;

    @Option(names = "--drop-special-tokens",
        description = "Leave [CLS] and [SEP] out of the similarity matrix instead of keeping them with weight 0.")
    boolean dropSpecialTokens;

    @Option(names = "--weigh-typed-special-tokens",
        description = "Weigh [SEP] or [CLS] typed in a text as ordinary tokens instead of 0.")
    boolean weighTypedSpecialTokens;

    @Option(names = "--best-f1-reference",
        description = "With several references, report P, R and F1 of the reference with the best F1 instead of"
            + " each metric's maximum.")
    boolean bestF1Reference;

    @Option(names = "--legacy-semantics", description = "All four of the above: score as intervensi did before.")
    boolean all;

    BertScorer.Builder applyTo(BertScorer.Builder builder) {
      if (all || tokenizerLimit) {
        builder.truncation(BertScorer.Truncation.TOKENIZER_LIMIT);
      }
      if (all || dropSpecialTokens) {
        builder.specialTokens(BertScorer.SpecialTokens.LEFT_OUT);
      }
      if (all || weighTypedSpecialTokens) {
        builder.typedSpecialTokens(BertScorer.TypedSpecialTokens.ORDINARY);
      }
      if (all || bestF1Reference) {
        builder.multiReference(BertScorer.MultiReference.BEST_F1);
      }
      return builder;
    }
  }

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + BertScorer.DEFAULT_BATCH_SIZE,
      description = "Sentences handed to the encoder at once (default: ${DEFAULT-VALUE}); scores do not depend on it.")
  private int batchSize;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV file to write.")
  private Path out;

  @Option(names = "--force", description = "Replace the output file if it exists.")
  private boolean force;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    List<Path> inputs = new ArrayList<>(references);
    inputs.add(candidates);
    OutputFiles.checkDistinct(inputs, List.of(out));
    if (rescaleLayer != null && (rescaling == null || rescaling.file == null)) {
      throw new IllegalArgumentException("--rescale-layer chooses a row of --rescale-file; give that file too");
    }
    Optional<Baseline> baseline = baseline();
    BertScoreInputs pairs = BertScoreInputs.read(candidates, references, candidateField, referenceField);
    OutputFiles.checkWritable(out, force);
    BertScoreResult result;
    int maxTokens;
    try (OnnxTokenEmbedder embedder = modelDirectory == null
            ? OnnxTokenEmbedder.embedded() : OnnxTokenEmbedder.fromDirectory(modelDirectory)) {
      if (modelDirectory == null) {
        stderr.println("intervensi: scoring with the embedded all-MiniLM-L6-v2, an English model; for Indonesian"
            + " the reference implementation uses bert-base-multilingual-cased (export it to ONNX, pass --model-dir)");
      }
      Progress progress = ConsoleProgress.onStandardError(stderr, " sentences");
      BertScorer scorer = earlier.applyTo(BertScorer.builder(embedder)).idf(idf).baseline(baseline)
          .batchSize(batchSize).progress(progress).build();
      result = pairs.scoreWith(scorer);
      maxTokens = scorer.maxTokens();
    }
    if (result.truncatedSentences() > 0) {
      stderr.println("intervensi: warning: " + result.truncatedSentences() + " sentence(s) had more than "
          + maxTokens + " tokens, the limit, and were truncated");
    }
    result.writeCsv(out, force);
    BertScore mean = result.mean();
    stdout.println(String.format(Locale.ROOT, "P %.6f  R %.6f  F1 %.6f  (mean of %d pairs)",
        mean.precision(), mean.recall(), mean.f1(), result.pairs().size()));
    stdout.println("hash " + result.hash());
    stderr.println("intervensi: wrote " + result.pairs().size() + " scores to " + out);
    return ExitCodes.OK;
  }

  private Optional<Baseline> baseline() {
    if (rescaling == null) {
      return Optional.empty();
    }
    if (rescaling.values != null) {
      return Optional.of(Baseline.parse(rescaling.values));
    }
    return Optional.of(Baseline.read(rescaling.file,
        rescaleLayer == null ? OptionalInt.empty() : OptionalInt.of(rescaleLayer)));
  }
}
