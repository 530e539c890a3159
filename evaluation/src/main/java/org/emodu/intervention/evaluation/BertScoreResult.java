package org.emodu.intervention.evaluation;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.emodu.intervention.core.internal.OutputFiles;

/**
 * The outcome of a {@link BertScorer} run: one {@link PairScore} per candidate in input order, the
 * hash that names how the scores were made (model, idf, rescaling and versions, in the spirit of
 * the reference implementation's hash), and how many sentences had to be truncated.
 *
 * @param pairs the score of every candidate, in input order
 * @param hash names the model, idf weighting, rescaling, the toolkit and runtime versions and the
 *     scoring semantics (truncation, special tokens, several references); see {@link BertScorer#hash()}
 * @param truncatedSentences how many distinct sentences were longer than the model's limit and lost
 *     their tail
 */
public record BertScoreResult(List<PairScore> pairs, String hash, int truncatedSentences) {

  /** The CSV header {@link #writeCsv} writes; {@code line} and {@code best_reference} count from 1. */
  public static final List<String> CSV_COLUMNS =
      List.of("line", "precision", "recall", "f1", "best_reference", "candidate", "reference");

  public BertScoreResult {
    pairs = List.copyOf(pairs);
    Objects.requireNonNull(hash, "hash");
    if (truncatedSentences < 0) {
      throw new IllegalArgumentException("truncatedSentences cannot be negative: " + truncatedSentences);
    }
  }

  /**
   * The mean precision, recall and F1 over all pairs; F1 is the mean of the pairs' F1 values, as the
   * reference implementation reports it.
   *
   * @throws IllegalStateException when there are no pairs
   */
  public BertScore mean() {
    if (pairs.isEmpty()) {
      throw new IllegalStateException("there are no scores to average");
    }
    return new BertScore(precision().mean(), recall().mean(), f1().mean());
  }

  /** Descriptive statistics of the pairs' precision. */
  public DescriptiveSummary precision() {
    return DescriptiveSummary.of(pairs.stream().mapToDouble(pair -> pair.score().precision()).toArray());
  }

  /** Descriptive statistics of the pairs' recall. */
  public DescriptiveSummary recall() {
    return DescriptiveSummary.of(pairs.stream().mapToDouble(pair -> pair.score().recall()).toArray());
  }

  /** Descriptive statistics of the pairs' F1. */
  public DescriptiveSummary f1() {
    return DescriptiveSummary.of(pairs.stream().mapToDouble(pair -> pair.score().f1()).toArray());
  }

  /**
   * Writes one CSV row per pair under the header {@link #CSV_COLUMNS}, atomically.
   *
   * @throws java.io.UncheckedIOException wrapping {@link java.nio.file.FileAlreadyExistsException}
   *     when the file exists and {@code replaceExisting} is false, or the failure to write
   */
  public void writeCsv(Path file, boolean replaceExisting) {
    OutputFiles.write(file, replaceExisting, writer -> {
      writer.write(Csv.row(CSV_COLUMNS));
      for (PairScore pair : pairs) {
        writer.write(Csv.row(List.of(Integer.toString(pair.index() + 1), Csv.number(pair.score().precision()),
            Csv.number(pair.score().recall()), Csv.number(pair.score().f1()),
            Integer.toString(pair.referenceIndex() + 1), pair.candidate(), pair.reference())));
      }
    });
  }
}
