package org.emodu.intervention.evaluation.experiment;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.emodu.intervention.evaluation.BertScore;
import org.emodu.intervention.evaluation.DescriptiveSummary;
import org.emodu.intervention.evaluation.TokenPrices;

/**
 * One profile's results: what was asked of it, how many generations succeeded, how close its
 * answers came to the references (BERTScore), what they cost in tokens, and how well they kept the
 * rules.
 *
 * @param profile the profile's name
 * @param generator the generator's name, as in the interaction log
 * @param model the model or corpus that answered
 * @param systemPrompt the system prompt sent, empty for the offline profile
 * @param generations every generation, resumed ones included
 * @param failed generations that produced no answer (each in the log with its error)
 * @param resumed generations taken from an earlier run's log instead of being asked again
 * @param generationWallMs wall time of the generations this run asked, in milliseconds
 * @param errors the failures' messages with how often each occurred, most frequent first
 * @param bertScoreMean mean precision, recall and F1 over the answers; empty when there were none
 * @param precision per-answer precision statistics
 * @param recall per-answer recall statistics
 * @param f1 per-answer F1 statistics
 * @param promptTokens prompt tokens per answer
 * @param completionTokens completion tokens per answer
 * @param totalTokens total tokens per answer
 * @param latencyMs milliseconds per answer
 * @param costUsd dollars per answer, when prices were given
 * @param compliance how many answers kept the rules
 * @param prices the prices the cost was computed with; empty when the model had none
 * @param answers every answer's figures, in run order, so that profiles can be compared request by
 *     request; empty in a summary written before answers were kept
 */
public record ProfileSummary(
    String profile,
    String generator,
    String model,
    String systemPrompt,
    long generations,
    long failed,
    long resumed,
    long generationWallMs,
    Map<String, Long> errors,
    Optional<BertScore> bertScoreMean,
    DescriptiveSummary precision,
    DescriptiveSummary recall,
    DescriptiveSummary f1,
    DescriptiveSummary promptTokens,
    DescriptiveSummary completionTokens,
    DescriptiveSummary totalTokens,
    DescriptiveSummary latencyMs,
    Optional<DescriptiveSummary> costUsd,
    Compliance compliance,
    Optional<TokenPrices> prices,
    List<Answer> answers) {

  /**
   * One answer's figures.
   *
   * @param item the evaluation item's id
   * @param repetition which repetition of the item, from 1
   * @param precision BERTScore precision against the item's reference
   * @param recall BERTScore recall
   * @param f1 BERTScore F1
   * @param promptTokens prompt tokens of the call
   * @param completionTokens completion tokens of the call
   * @param totalTokens total tokens of the call
   * @param costUsd dollars the call cost, when its model was priced
   */
  public record Answer(String item, int repetition, double precision, double recall, double f1, long promptTokens,
      long completionTokens, long totalTokens, Optional<Double> costUsd) {

    public Answer {
      Objects.requireNonNull(item, "item");
      costUsd = costUsd == null ? Optional.empty() : costUsd;
    }
  }

  /** A summary without per-answer figures or prices, as summaries were written before they were kept. */
  public ProfileSummary(String profile, String generator, String model, String systemPrompt, long generations,
      long failed, long resumed, long generationWallMs, Map<String, Long> errors, Optional<BertScore> bertScoreMean,
      DescriptiveSummary precision, DescriptiveSummary recall, DescriptiveSummary f1, DescriptiveSummary promptTokens,
      DescriptiveSummary completionTokens, DescriptiveSummary totalTokens, DescriptiveSummary latencyMs,
      Optional<DescriptiveSummary> costUsd, Compliance compliance) {
    this(profile, generator, model, systemPrompt, generations, failed, resumed, generationWallMs, errors, bertScoreMean,
        precision, recall, f1, promptTokens, completionTokens, totalTokens, latencyMs, costUsd, compliance,
        Optional.empty(), List.of());
  }

  public ProfileSummary {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(generator, "generator");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    errors = Map.copyOf(errors);
    bertScoreMean = bertScoreMean == null ? Optional.empty() : bertScoreMean;
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(recall, "recall");
    Objects.requireNonNull(f1, "f1");
    Objects.requireNonNull(promptTokens, "promptTokens");
    Objects.requireNonNull(completionTokens, "completionTokens");
    Objects.requireNonNull(totalTokens, "totalTokens");
    Objects.requireNonNull(latencyMs, "latencyMs");
    costUsd = costUsd == null ? Optional.empty() : costUsd;
    Objects.requireNonNull(compliance, "compliance");
    prices = prices == null ? Optional.empty() : prices;
    answers = answers == null ? List.of() : List.copyOf(answers);
  }

  /** Generations that produced an answer. */
  public long succeeded() {
    return generations - failed;
  }

  /** The statistics tables of this profile, by row name, in report order. */
  public List<Map.Entry<String, DescriptiveSummary>> statisticsRows() {
    List<Map.Entry<String, DescriptiveSummary>> rows = new java.util.ArrayList<>(List.of(
        Map.entry("BERTScore precision", precision),
        Map.entry("BERTScore recall", recall),
        Map.entry("BERTScore F1", f1),
        Map.entry("prompt tokens", promptTokens),
        Map.entry("completion tokens", completionTokens),
        Map.entry("total tokens", totalTokens),
        Map.entry("latency (ms)", latencyMs)));
    costUsd.ifPresent(cost -> rows.add(Map.entry("cost (USD)", cost)));
    return rows;
  }
}
