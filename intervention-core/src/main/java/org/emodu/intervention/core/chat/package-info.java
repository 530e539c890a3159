/**
 * The chat seam: what the toolkit asks a language model and what the model answers, independent of
 * any client library. {@link org.emodu.intervention.core.chat.ChatBackend} is the seam a provider
 * implements (the OpenAI one is in {@link org.emodu.intervention.core.openai});
 * {@link org.emodu.intervention.core.chat.ChatRequest}, {@link org.emodu.intervention.core.chat.ChatMessage}
 * and {@link org.emodu.intervention.core.chat.ChatReply} are what passes through it, with the
 * {@link org.emodu.intervention.core.chat.TokenUsage} a call costs.
 * {@link org.emodu.intervention.core.chat.PromptProfile} turns an intervention request into chat
 * messages, for generation and for training files alike, and
 * {@link org.emodu.intervention.core.chat.ChatTokenCounter} counts their tokens as the API bills them.
 */
package org.emodu.intervention.core.chat;
