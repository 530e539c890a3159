package org.emodu.intervention.live.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisLocationTest {

  @Test
  void readsHostPortAndDatabase() {
    assertThat(RedisLocation.parse("redis://cache.sekolah.id:6380/3"))
        .isEqualTo(new RedisLocation("cache.sekolah.id", 6380, 3, Optional.empty(), Optional.empty()));
  }

  @Test
  void defaultsToPort6379AndDatabaseZero() {
    RedisLocation location = RedisLocation.parse("redis://localhost");
    assertThat(location.port()).isEqualTo(6379);
    assertThat(location.database()).isZero();
    assertThat(location.toString()).isEqualTo("localhost:6379/0");
  }

  @Test
  void readsAPasswordAloneOrWithAUserNameAndNeverShowsIt() {
    RedisLocation alone = RedisLocation.parse("redis://:p%40ss@localhost:6379");
    assertThat(alone.password()).contains("p@ss");
    assertThat(alone.username()).isEmpty();
    assertThat(alone.toString()).isEqualTo("localhost:6379/0");

    RedisLocation user = RedisLocation.parse("redis://guru:rahasia@localhost:6379/1");
    assertThat(user.username()).contains("guru");
    assertThat(user.password()).contains("rahasia");
    assertThat(user.toString()).doesNotContain("rahasia").doesNotContain("guru");
  }

  @Test
  void keepsAnIpv6HostInBracketsWhenShown() {
    RedisLocation location = RedisLocation.parse("redis://[::1]:6379");
    assertThat(location.host()).isEqualTo("::1");
    assertThat(location.toString()).isEqualTo("[::1]:6379/0");
  }

  @Test
  void masksWhatStandsBeforeTheAt() {
    assertThat(RedisLocation.masked("redis://:rahasia@host:1")).isEqualTo("redis://***@host:1");
    assertThat(RedisLocation.masked("redis://host:1")).isEqualTo("redis://host:1");
  }
}
