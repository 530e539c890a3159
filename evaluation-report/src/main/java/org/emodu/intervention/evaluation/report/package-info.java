/**
 * What an experiment's results become for a reader: charts (PNG and SVG, drawn with XChart), the
 * training curve of a fine-tuning job, and the experiment's report.
 */
package org.emodu.intervention.evaluation.report;
