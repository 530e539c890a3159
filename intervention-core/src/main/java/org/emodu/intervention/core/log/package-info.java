/**
 * The interaction log: every generation appended as one JSON line
 * ({@link org.emodu.intervention.core.log.InteractionRecord}) by
 * {@link org.emodu.intervention.core.log.InteractionLog}, which also reads a log back for the
 * evaluation. The log holds students' names: personal data, written only where a user asks for it.
 * A generator writes to it through {@link org.emodu.intervention.core.generation.LoggedGenerator}.
 */
package org.emodu.intervention.core.log;
