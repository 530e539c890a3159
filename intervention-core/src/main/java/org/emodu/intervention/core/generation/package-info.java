/**
 * The ways of generating an intervention, all behind
 * {@link org.emodu.intervention.core.InterventionGenerator}: a chat model asked with a prompt
 * ({@link org.emodu.intervention.core.generation.PromptedChatGenerator}), an exemplar corpus offline
 * ({@link org.emodu.intervention.core.generation.ExemplarGenerator}), and the decorators around them:
 * a deadline with an offline fallback ({@link org.emodu.intervention.core.generation.FallbackGenerator})
 * or without one ({@link org.emodu.intervention.core.generation.DeadlineGenerator}), and the interaction
 * log ({@link org.emodu.intervention.core.generation.LoggedGenerator}). Beside them, the rules every
 * generator follows: the {@link org.emodu.intervention.core.generation.OutputPolicy} an answer must
 * meet, and the {@link org.emodu.intervention.core.generation.StrategySelector} that chooses a
 * strategy for a request that names only the emotion.
 *
 * <p>The deadlines that fall due on time, and what futures need beyond the JDK's, are this
 * package's own.
 */
package org.emodu.intervention.core.generation;
