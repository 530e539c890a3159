package org.emodu.intervention.live;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class PolicyKeysPropertyTest {

  @Property
  void givesDistinctIdPairsDistinctKeys(@ForAll String classA, @ForAll String studentA, @ForAll String classB,
      @ForAll String studentB) {
    boolean same = classA.equals(classB) && studentA.equals(studentB);
    assertThat(PolicyKeys.student(classA, studentA).equals(PolicyKeys.student(classB, studentB))).isEqualTo(same);
  }
}
