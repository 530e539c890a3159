/**
 * The dataset tools: exemplar corpora and their CSV import, augmentation (local rewrites and model
 * paraphrases under a call journal), cleaning, fine-tuning files in the chat format the fine-tuned
 * profile is asked in, their validation with token and cost statistics, and train/test splits.
 */
package org.emodu.intervention.dataset;
