package org.emodu.intervention.live.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.emodu.intervention.live.StateUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisPasswordTest {

  private static final String PASSWORD = "kata-sandi-rahasia-42";

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension("--requirepass", PASSWORD);

  @Test
  void connectsWithThePasswordInTheUri() {
    try (RedisPolicyStore store = RedisPolicyStore.open("redis://:" + PASSWORD + "@127.0.0.1:" + redis.port() + "/0")) {
      assertThat(store.available()).isTrue();
      assertThat(store.compareAndSet("intervensi:password:ok", 0, "x".getBytes(StandardCharsets.UTF_8),
          Duration.ofMinutes(1))).isTrue();
      assertThat(store.address()).isEqualTo("127.0.0.1:" + redis.port() + "/0");
      assertThat(store.toString()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void namesTheAddressButNeverThePasswordWhenItIsWrong() {
    String wrong = "salah-" + PASSWORD;
    try (RedisPolicyStore store = RedisPolicyStore.open("redis://:" + wrong + "@127.0.0.1:" + redis.port())) {
      assertThat(store.available()).isFalse();
      Throwable error = catchThrowable(() -> store.read("intervensi:password:any"));
      assertThat(error).isInstanceOf(StateUnavailableException.class)
          .hasMessageContaining("127.0.0.1:" + redis.port() + "/0");
      for (Throwable cause = error; cause != null; cause = cause.getCause()) {
        assertThat(String.valueOf(cause.getMessage())).doesNotContain(wrong).doesNotContain(PASSWORD);
      }
    }
  }

  @Test
  void isUnavailableWithoutThePassword() {
    try (RedisPolicyStore store = RedisPolicyStore.open(redis.uri())) {
      assertThat(store.available()).isFalse();
      assertThat(catchThrowable(() -> store.read("intervensi:password:any")))
          .isInstanceOf(StateUnavailableException.class);
    }
  }
}
