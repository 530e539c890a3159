package org.emodu.intervention.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.emodu.intervention.core.SettingsException;
import org.junit.jupiter.api.Test;

class PolicyStoresTest {

  @Test
  void opensMemoryByDefaultAndByName() {
    assertThat(PolicyStores.open(null)).isInstanceOf(MemoryPolicyStore.class);
    assertThat(PolicyStores.open(" ")).isInstanceOf(MemoryPolicyStore.class);
    assertThat(PolicyStores.open("MEMORY")).isInstanceOf(MemoryPolicyStore.class);
  }

  @Test
  void saysARedisAddressNeedsTheRedisModule() {
    assertThatThrownBy(() -> PolicyStores.open("redis://localhost:6379/0"))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining(PolicySettings.STATE)
        .hasMessageContaining("live-redis module");
  }

  @Test
  void namesTheSettingAndTheFormsForAnythingElseWithoutAPassword() {
    assertThatThrownBy(() -> PolicyStores.open("postgres://user:rahasia@db:5432"))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining(PolicySettings.STATE + " must be memory or redis://host:port[/db]")
        .hasMessageNotContaining("rahasia");
  }
}
