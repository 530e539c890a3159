package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GuardTest {

  @Test
  void requestsWhileTheServerIsNotReadyTakeNothingFromTheRate() {
    AtomicBoolean ready = new AtomicBoolean(false);
    Guard guard = new Guard(List.of(), 1, ClientBuckets.memory(1), ready::get);

    for (int i = 0; i < 5; i++) {
      guard.admit("address:127.0.0.1");
    }
    ready.set(true);

    assertThatCode(() -> guard.admit("address:127.0.0.1")).doesNotThrowAnyException();
    assertThatThrownBy(() -> guard.admit("address:127.0.0.1"))
        .isInstanceOfSatisfying(ApiError.class, error -> assertThat(error.status()).isEqualTo(429));
  }
}
