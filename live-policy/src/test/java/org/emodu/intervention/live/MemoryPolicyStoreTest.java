package org.emodu.intervention.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryPolicyStoreTest extends PolicyStoreContract {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));

  @Override
  protected PolicyStore newStore() {
    return new MemoryPolicyStore(clock);
  }

  @Override
  protected Optional<Duration> timeToLive(PolicyStore store, String key) {
    return ((MemoryPolicyStore) store).timeToLive(key);
  }

  @Test
  void forgetsAValueOnceItsTimeToLiveHasPassed() {
    store.compareAndSet("k", 0, bytes("one"), Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(9));
    assertThat(store.read("k")).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.read("k")).isEmpty();
  }

  @Test
  void treatsAnExpiredKeyAsAbsentForCompareAndSet() {
    store.compareAndSet("k", 0, bytes("one"), Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(11));
    assertThat(store.compareAndSet("k", 1, bytes("stale"), Duration.ofSeconds(10))).isFalse();
    assertThat(store.compareAndSet("k", 0, bytes("fresh"), Duration.ofSeconds(10))).isTrue();
    assertThat(store.read("k").orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void sweepsExpiredKeysAndWindowCounts() {
    MemoryPolicyStore memory = (MemoryPolicyStore) store;
    memory.compareAndSet("k", 0, bytes("one"), Duration.ofSeconds(10));
    memory.tryAcquire("class", MINUTE, Duration.ofMinutes(1), 6);
    assertThat(memory.size()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(3));
    memory.sweep();
    assertThat(memory.size()).isZero();
  }

  @Test
  void refusesATimeToLiveUnderOneMillisecondNamingIt() {
    assertThatThrownBy(() -> store.compareAndSet("k", 0, bytes("one"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl");
  }

  @Test
  void refusesALimitUnderOneNamingIt() {
    assertThatThrownBy(() -> store.tryAcquire("k", MINUTE, Duration.ofMinutes(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
  }

  @Test
  void givesBackACopyThatCannotChangeTheStoredValue() {
    store.compareAndSet("k", 0, bytes("one"), Duration.ofSeconds(10));
    store.read("k").orElseThrow().value()[0] = 'X';
    assertThat(store.read("k").orElseThrow().value()).isEqualTo(bytes("one"));
  }
}
