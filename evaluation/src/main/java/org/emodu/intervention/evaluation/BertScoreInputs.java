package org.emodu.intervention.evaluation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Candidates and their references, read from files: one candidate a line, and one or more
 * reference files whose line N holds the references of candidate N. Plain text files hold a
 * sentence a line; JSON Lines files ({@code .jsonl}, {@code .ndjson}, {@code .json}) hold an object a
 * line with the sentence in a named field, which for references may be a list of sentences.
 *
 * @param candidates the candidate sentences in order
 * @param references for each candidate, its references in order
 */
public record BertScoreInputs(List<String> candidates, List<List<String>> references) {

  /** The field candidates are read from in JSON Lines: an interaction log's generated text. */
  public static final String DEFAULT_CANDIDATE_FIELD = "text";
  /** The field references are read from in JSON Lines: an evaluation set's reference text. */
  public static final String DEFAULT_REFERENCE_FIELD = "reference";

  public BertScoreInputs {
    candidates = List.copyOf(candidates);
    references = references.stream().map(List::copyOf).toList();
    if (candidates.size() != references.size()) {
      throw new IllegalArgumentException("there are " + candidates.size() + " candidates but " + references.size()
          + " groups of references");
    }
  }

  /** Reads with the default JSON Lines fields. */
  public static BertScoreInputs read(Path candidates, List<Path> references) {
    return read(candidates, references, DEFAULT_CANDIDATE_FIELD, DEFAULT_REFERENCE_FIELD);
  }

  /**
   * Reads candidates and references.
   *
   * @throws IllegalArgumentException naming the file and line when a line is blank or malformed, a
   *     candidate line holds several sentences, or the files differ in their number of lines
   * @throws java.io.UncheckedIOException when a file cannot be read
   */
  public static BertScoreInputs read(Path candidates, List<Path> references, String candidateField,
      String referenceField) {
    Objects.requireNonNull(candidateField, "candidateField");
    Objects.requireNonNull(referenceField, "referenceField");
    if (references.isEmpty()) {
      throw new IllegalArgumentException("no reference file was given; each candidate needs a reference");
    }
    List<List<String>> candidateEntries = SentenceFile.read(candidates, candidateField);
    List<String> candidateSentences = new ArrayList<>(candidateEntries.size());
    for (int i = 0; i < candidateEntries.size(); i++) {
      if (candidateEntries.get(i).size() != 1) {
        throw new IllegalArgumentException(candidates + " line " + (i + 1) + " holds " + candidateEntries.get(i).size()
            + " sentences in '" + candidateField + "'; a candidate is one sentence");
      }
      candidateSentences.add(candidateEntries.get(i).get(0));
    }
    List<List<String>> groups = new ArrayList<>();
    candidateSentences.forEach(candidate -> groups.add(new ArrayList<>()));
    for (Path file : references) {
      List<List<String>> entries = SentenceFile.read(file, referenceField);
      if (entries.size() != candidateSentences.size()) {
        throw new IllegalArgumentException(candidates + " has " + candidateSentences.size() + " candidates but " + file
            + " has " + entries.size() + " lines of references; line N of each file must belong together");
      }
      for (int i = 0; i < entries.size(); i++) {
        groups.get(i).addAll(entries.get(i));
      }
    }
    return new BertScoreInputs(candidateSentences, groups);
  }

  /** Scores these inputs with a scorer. */
  public BertScoreResult scoreWith(BertScorer scorer) {
    return scorer.scoreMultiReference(candidates, references);
  }
}
