/**
 * What an experiment's results become for a reader: charts drawn with XChart (PNG at print
 * resolution, PDF, and SVG that keeps its words as text), the training curve of a fine-tuning job
 * with its loss and accuracy, and the experiment's report (HTML, Markdown and a CSV of its
 * intervals and paired tests), in English or Indonesian. Kept apart from the evaluation module so
 * that a user of BERTScore and the statistics takes no chart stack.
 */
package org.emodu.intervention.evaluation.report;
