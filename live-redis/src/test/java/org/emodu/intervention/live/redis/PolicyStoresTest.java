package org.emodu.intervention.live.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.emodu.intervention.live.MemoryPolicyStore;
import org.emodu.intervention.live.PolicyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyStoresTest {

  @ParameterizedTest
  @ValueSource(strings = {"memory", "MEMORY", " memory ", ""})
  void opensTheMemoryStoreForMemory(String state) {
    try (PolicyStore store = PolicyStores.open(state)) {
      assertThat(store).isInstanceOf(MemoryPolicyStore.class);
    }
  }

  @Test
  void opensARedisStoreForARedisUriEvenWhileNothingAnswersThere() {
    try (PolicyStore store = PolicyStores.open("redis://127.0.0.1:1/2")) {
      assertThat(store).isInstanceOf(RedisPolicyStore.class);
      assertThat(((RedisPolicyStore) store).address()).isEqualTo("127.0.0.1:1/2");
      assertThat(store.available()).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"redis", "postgres://db:5432", "memori", "localhost:6379"})
  void rejectsAnythingElseNamingTheSettingAndTheForms(String state) {
    assertThatThrownBy(() -> PolicyStores.open(state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INTERVENSI_STATE")
        .hasMessageContaining("memory")
        .hasMessageContaining("redis://[:password@]host:port[/db]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"redis://:rahasia@", "redis://:rahasia@host:6379/abc", "redis://:rahasia@host:6379?x=1",
      "postgres://:rahasia@db"})
  void masksThePasswordOfAUriItRejects(String state) {
    assertThatThrownBy(() -> PolicyStores.open(state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INTERVENSI_STATE")
        .hasMessageNotContaining("rahasia");
  }
}
