/**
 * Fine-tuning through the OpenAI API on the official SDK: uploads checked locally first, jobs
 * (create, follow, cancel, list) recorded in a local {@link org.emodu.intervention.finetune.JobManifest},
 * events, checkpoints and training metrics. Following reports to a
 * {@link org.emodu.intervention.finetune.FollowListener}; drawing it is the caller's.
 */
package org.emodu.intervention.finetune;
