/**
 * The live-class policy's state in Redis, through Lettuce: {@link org.emodu.intervention.live.redis.RedisPolicyStore}
 * updates each student's state atomically with keys that expire, so that every server instance naming
 * the same Redis shares students; {@link org.emodu.intervention.live.redis.PolicyStores} opens the store
 * a setting names, memory or Redis.
 */
package org.emodu.intervention.live.redis;
