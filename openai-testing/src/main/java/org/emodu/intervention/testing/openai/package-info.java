/**
 * Test support for code that talks to the OpenAI API through openai-java: the API's response shapes
 * ({@link org.emodu.intervention.testing.openai.Fixtures}) and a fake of its files and fine-tuning
 * endpoints ({@link org.emodu.intervention.testing.openai.FakeFineTuningApi}), both on a local
 * MockWebServer. The other modules use it in test scope only; it is never deployed and no library
 * user needs it.
 */
package org.emodu.intervention.testing.openai;
