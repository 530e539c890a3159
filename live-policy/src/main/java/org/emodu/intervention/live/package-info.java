/**
 * The live-class intervention policy: {@link org.emodu.intervention.live.InterventionPolicy} decides,
 * from a stream of {@link org.emodu.intervention.live.Observation}s, when a student gets an
 * intervention (an emotion that persists, a cooldown per student, a budget per class, no repeated
 * texts, the ARCS strategies in turn, outcomes recorded), keeping its state in a
 * {@link org.emodu.intervention.live.PolicyStore}: {@link org.emodu.intervention.live.MemoryPolicyStore}
 * here, a shared one in a module of its own.
 */
package org.emodu.intervention.live;
