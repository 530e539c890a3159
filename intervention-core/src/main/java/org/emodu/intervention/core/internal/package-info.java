/**
 * Helpers the toolkit's own packages and modules share. Not API: nothing here is meant for library
 * users, and it may change without notice. Its types are public only so that the toolkit's other
 * packages and modules can reach them.
 *
 * <p>It holds the shared JSON mapper, atomic output files, text helpers (single lines, words,
 * emoji), request ids, the redaction of secrets and the pool for blocking work; the reading layer
 * for input files is in {@code org.emodu.intervention.core.internal.io}.
 */
package org.emodu.intervention.core.internal;
