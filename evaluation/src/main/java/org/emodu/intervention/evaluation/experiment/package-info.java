/**
 * Experiments: an evaluation set run through each profile under test, every generation journalled so
 * that an interrupted run resumes, and summarised per profile (BERTScore, compliance, token usage).
 */
package org.emodu.intervention.evaluation.experiment;
