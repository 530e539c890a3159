/**
 * Evaluation of generated interventions, offline: BERTScore against reference sentences on an
 * ONNX Runtime encoder ({@link org.emodu.intervention.evaluation.BertScorer},
 * {@link org.emodu.intervention.evaluation.OnnxTokenEmbedder}, the
 * {@link org.emodu.intervention.evaluation.TokenEmbedder} seam), descriptive statistics as pandas
 * prints them ({@link org.emodu.intervention.evaluation.DescriptiveSummary}), seeded bootstrap
 * confidence intervals ({@link org.emodu.intervention.evaluation.Bootstrap}), the paired Wilcoxon
 * signed-rank test with its effect size ({@link org.emodu.intervention.evaluation.PairedComparison}),
 * and token usage and cost per generator and model from interaction logs, each model at its own
 * price ({@link org.emodu.intervention.evaluation.UsageReport},
 * {@link org.emodu.intervention.evaluation.PriceTable}). Charts and reports are in the
 * evaluation-report module.
 */
package org.emodu.intervention.evaluation;
