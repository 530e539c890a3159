package org.emodu.intervention.evaluation.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.emodu.intervention.evaluation.Bootstrap;
import org.emodu.intervention.evaluation.ConfidenceInterval;
import org.emodu.intervention.evaluation.PairedComparison;
import org.emodu.intervention.evaluation.experiment.ExperimentSummary;
import org.emodu.intervention.evaluation.experiment.ProfileSummary;

/**
 * The report's inferential statistics, from the answers a summary keeps: each profile's means with
 * bootstrap intervals (the repetitions of a request resampled together), and each other profile
 * compared with the first (the base profile when it ran) request by request. Empty for a summary
 * written before answers were kept.
 */
record Inference(List<ProfileIntervals> profiles, List<Pairing> pairings) {

  /** One profile's means with their intervals. */
  record ProfileIntervals(String profile, int answers, int requests, Map<String, ConfidenceInterval> rows,
      double[] f1Values, double[] totalTokenValues) {

    ConfidenceInterval precision() {
      return rows.get("BERTScore precision");
    }

    ConfidenceInterval recall() {
      return rows.get("BERTScore recall");
    }

    ConfidenceInterval f1() {
      return rows.get("BERTScore F1");
    }

    ConfidenceInterval promptTokens() {
      return rows.get("prompt tokens");
    }

    ConfidenceInterval completionTokens() {
      return rows.get("completion tokens");
    }

    ConfidenceInterval totalTokens() {
      return rows.get("total tokens");
    }
  }

  /** A profile compared with the first, by metric. */
  record Pairing(String first, String second, Map<String, PairedComparison> comparisons) {}

  private static final Map<String, ToDoubleFunction<ProfileSummary.Answer>> METRICS = metrics();

  private static Map<String, ToDoubleFunction<ProfileSummary.Answer>> metrics() {
    Map<String, ToDoubleFunction<ProfileSummary.Answer>> metrics = new LinkedHashMap<>();
    metrics.put("BERTScore precision", ProfileSummary.Answer::precision);
    metrics.put("BERTScore recall", ProfileSummary.Answer::recall);
    metrics.put("BERTScore F1", ProfileSummary.Answer::f1);
    metrics.put("prompt tokens", answer -> answer.promptTokens());
    metrics.put("completion tokens", answer -> answer.completionTokens());
    metrics.put("total tokens", answer -> answer.totalTokens());
    return metrics;
  }

  static Inference of(ExperimentSummary summary, Bootstrap bootstrap) {
    List<ProfileSummary> kept = summary.profiles().stream().filter(profile -> !profile.answers().isEmpty()).toList();
    List<ProfileIntervals> profiles = new ArrayList<>();
    for (ProfileSummary profile : kept) {
      Map<String, List<ProfileSummary.Answer>> byRequest = byRequest(profile);
      Map<String, ConfidenceInterval> rows = new LinkedHashMap<>();
      Map<String, ToDoubleFunction<ProfileSummary.Answer>> metrics = new LinkedHashMap<>(METRICS);
      if (profile.answers().stream().allMatch(answer -> answer.costUsd().isPresent())) {
        metrics.put("cost (USD)", answer -> answer.costUsd().orElseThrow());
      }
      for (Map.Entry<String, ToDoubleFunction<ProfileSummary.Answer>> metric : metrics.entrySet()) {
        List<double[]> groups = new ArrayList<>();
        for (List<ProfileSummary.Answer> answers : byRequest.values()) {
          groups.add(answers.stream().mapToDouble(metric.getValue()).toArray());
        }
        rows.put(metric.getKey(), bootstrap.clusteredMean(groups));
      }
      profiles.add(new ProfileIntervals(profile.profile(), profile.answers().size(), byRequest.size(), rows,
          profile.answers().stream().mapToDouble(ProfileSummary.Answer::f1).toArray(),
          profile.answers().stream().mapToDouble(ProfileSummary.Answer::totalTokens).toArray()));
    }
    List<Pairing> pairings = new ArrayList<>();
    if (kept.size() > 1) {
      ProfileSummary first = kept.stream().filter(profile -> profile.profile().equals("base")).findFirst()
          .orElse(kept.get(0));
      for (ProfileSummary second : kept) {
        if (second != first) {
          pairings.add(pair(first, second, bootstrap));
        }
      }
    }
    return new Inference(profiles, pairings);
  }

  private static Pairing pair(ProfileSummary first, ProfileSummary second, Bootstrap bootstrap) {
    Map<String, List<ProfileSummary.Answer>> a = byRequest(first);
    Map<String, List<ProfileSummary.Answer>> b = byRequest(second);
    List<String> shared = a.keySet().stream().filter(b::containsKey).toList();
    Map<String, ToDoubleFunction<ProfileSummary.Answer>> metrics = new LinkedHashMap<>(METRICS);
    boolean priced = first.answers().stream().allMatch(answer -> answer.costUsd().isPresent())
        && second.answers().stream().allMatch(answer -> answer.costUsd().isPresent());
    if (priced) {
      metrics.put("cost (USD)", answer -> answer.costUsd().orElseThrow());
    }
    Map<String, PairedComparison> comparisons = new LinkedHashMap<>();
    if (!shared.isEmpty()) {
      for (Map.Entry<String, ToDoubleFunction<ProfileSummary.Answer>> metric : metrics.entrySet()) {
        double[] x = shared.stream().mapToDouble(request -> mean(a.get(request), metric.getValue())).toArray();
        double[] y = shared.stream().mapToDouble(request -> mean(b.get(request), metric.getValue())).toArray();
        comparisons.put(metric.getKey(), PairedComparison.of(x, y, bootstrap));
      }
    }
    return new Pairing(first.profile(), second.profile(), comparisons);
  }

  private static double mean(List<ProfileSummary.Answer> answers, ToDoubleFunction<ProfileSummary.Answer> metric) {
    return answers.stream().mapToDouble(metric).average().orElseThrow();
  }

  private static Map<String, List<ProfileSummary.Answer>> byRequest(ProfileSummary profile) {
    Map<String, List<ProfileSummary.Answer>> byRequest = new LinkedHashMap<>();
    for (ProfileSummary.Answer answer : profile.answers()) {
      byRequest.computeIfAbsent(answer.item(), item -> new ArrayList<>()).add(answer);
    }
    return byRequest;
  }

  /** Whether there is anything to report. */
  boolean any() {
    return !profiles.isEmpty();
  }

  /** The intervals and comparisons as one tidy CSV. */
  String csv() {
    StringBuilder out = new StringBuilder(
        "kind,profile,against,metric,n,estimate,ci_lower,ci_upper,level,resamples,seed,median_difference,"
            + "w_plus,w_minus,p_value,p_exact,rank_biserial,zero_differences\n");
    for (ProfileIntervals profile : profiles) {
      for (Map.Entry<String, ConfidenceInterval> row : profile.rows().entrySet()) {
        ConfidenceInterval ci = row.getValue();
        out.append("mean,").append(profile.profile()).append(",,").append(row.getKey()).append(',')
            .append(profile.requests()).append(',').append(number(ci.estimate())).append(',')
            .append(number(ci.lower())).append(',').append(number(ci.upper())).append(',').append(number(ci.level()))
            .append(',').append(ci.resamples()).append(',').append(ci.seed()).append(",,,,,,,\n");
      }
    }
    for (Pairing pairing : pairings) {
      for (Map.Entry<String, PairedComparison> row : pairing.comparisons().entrySet()) {
        PairedComparison c = row.getValue();
        ConfidenceInterval ci = c.meanDifference();
        out.append("paired_difference,").append(pairing.second()).append(',').append(pairing.first()).append(',')
            .append(row.getKey()).append(',').append(c.pairs()).append(',').append(number(ci.estimate())).append(',')
            .append(number(ci.lower())).append(',').append(number(ci.upper())).append(',').append(number(ci.level()))
            .append(',').append(ci.resamples()).append(',').append(ci.seed()).append(',')
            .append(number(c.medianDifference())).append(',').append(number(c.positiveRankSum())).append(',')
            .append(number(c.negativeRankSum())).append(',').append(number(c.pValue())).append(',')
            .append(c.tested() ? Boolean.toString(c.exact()) : "").append(',').append(number(c.rankBiserial()))
            .append(',').append(c.zeros()).append('\n');
      }
    }
    return out.toString();
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%s", value);
  }
}
