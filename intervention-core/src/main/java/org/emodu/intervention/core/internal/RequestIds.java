package org.emodu.intervention.core.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request identifiers: a random per-process prefix and a counter, so ids are unique within a
 * process, unlikely to collide across processes, and cheap to make under load (no shared
 * {@code SecureRandom} as {@code UUID.randomUUID} uses).
 */
public final class RequestIds {

  private static final String PREFIX = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
  private static final AtomicLong COUNTER = new AtomicLong();

  private RequestIds() {}

  /** A new request id such as {@code 1x3kq0z8-42}. */
  public static String next() {
    return PREFIX + "-" + COUNTER.incrementAndGet();
  }
}
