package org.emodu.intervention.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyKeysTest {

  @Test
  void namesTheKeysAsDocumented() {
    assertThat(PolicyKeys.student("XII-IPA-1", "s_17")).isEqualTo("intervensi:student:XII-IPA-1:s_17");
    assertThat(PolicyKeys.classBudget("XII-IPA-1")).isEqualTo("intervensi:class:XII-IPA-1");
  }

  @Test
  void escapesColonsSoThatOneIdCannotReachAnotherKey() {
    assertThat(PolicyKeys.student("a:b", "c")).isNotEqualTo(PolicyKeys.student("a", "b:c"));
    assertThat(PolicyKeys.student("a:b", "c")).isEqualTo("intervensi:student:a%3Ab:c");
  }

  @Test
  void escapesWildcardsSpacesAndNonAsciiText() {
    assertThat(PolicyKeys.classBudget("kelas * ?é")).isEqualTo("intervensi:class:kelas%20%2A%20%3F%C3%A9");
  }
}
