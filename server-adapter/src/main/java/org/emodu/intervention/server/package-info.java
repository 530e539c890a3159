/**
 * The HTTP adapter on Javalin: the seed-compatible {@code GET /openai}, the typed JSON API, the
 * live-class observations, health, Prometheus metrics, tokens, rate limits and the access log. It
 * turns the libraries' exceptions into HTTP statuses; no logic a library user needs lives here.
 */
package org.emodu.intervention.server;
