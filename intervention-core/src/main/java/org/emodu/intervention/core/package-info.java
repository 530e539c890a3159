/**
 * What a library user of the core touches: the domain ({@link Emotion}, {@link Reinforcement},
 * {@link ArcsStrategy}, {@link Strategy}, {@link InterventionRequest}, {@link Intervention}, the
 * exemplar corpus), the {@link InterventionGenerator} seam, {@link Generators}, which builds the
 * generator a {@link Profile} names from {@link Settings}, the {@link Progress} listener of long
 * work, and the exceptions the core throws.
 *
 * <pre>{@code
 * try (OpenedGenerator opened = Generators.builder(Settings.load()).profile(Profile.AUTO).open()) {
 *   InterventionRequest request = InterventionRequest.builder()
 *       .username("Budi").emotion("bosan").classname("XII-IPA-1").subject("Fisika")
 *       .build(opened.strategySelector());
 *   System.out.println(opened.generator().generate(request).text());
 * }
 * }</pre>
 *
 * <p>The parts behind it have packages of their own: {@link org.emodu.intervention.core.chat}
 * (the chat seam and the prompts), {@link org.emodu.intervention.core.generation} (the generators
 * and their rules), {@link org.emodu.intervention.core.log} (the interaction log) and
 * {@link org.emodu.intervention.core.openai} (the OpenAI provider). What lies in
 * {@code org.emodu.intervention.core.internal} is not API.
 */
package org.emodu.intervention.core;
