/**
 * Evaluation of generated interventions, offline: BERTScore against reference sentences on an
 * ONNX Runtime encoder ({@link org.emodu.intervention.evaluation.BertScorer},
 * {@link org.emodu.intervention.evaluation.OnnxTokenEmbedder}, the
 * {@link org.emodu.intervention.evaluation.TokenEmbedder} seam), descriptive statistics as pandas
 * prints them ({@link org.emodu.intervention.evaluation.DescriptiveSummary}), and token usage and
 * cost per generator and model from interaction logs
 * ({@link org.emodu.intervention.evaluation.UsageReport}).
 */
package org.emodu.intervention.evaluation;
