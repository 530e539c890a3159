/**
 * The OpenAI provider, on the official {@code openai-java} SDK: how to reach OpenAI or any
 * OpenAI-compatible server ({@link org.emodu.intervention.core.openai.OpenAiConnection}), the
 * {@link org.emodu.intervention.core.chat.ChatBackend} on it
 * ({@link org.emodu.intervention.core.openai.OpenAiChatBackend}), and the SDK's failures in the
 * toolkit's words ({@link org.emodu.intervention.core.openai.OpenAiErrors}), for every module that
 * calls the API. Model calls nobody waits for any more are stopped here, retries included, and a
 * call whose attempt timed out is not sent again.
 */
package org.emodu.intervention.core.openai;
