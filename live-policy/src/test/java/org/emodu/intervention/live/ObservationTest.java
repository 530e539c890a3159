package org.emodu.intervention.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.InvalidRequestException;
import org.junit.jupiter.api.Test;

class ObservationTest {

  @Test
  void cleansItsTextsAsARequestDoes() {
    Observation observation = new Observation(" kelas-1 ", "s1", " Budi\nSantoso ", Emotion.BORED, 0.8, "XII  IPA",
        "Fisika", Optional.empty());
    assertThat(observation.classId()).isEqualTo("kelas-1");
    assertThat(observation.username()).isEqualTo("Budi Santoso");
    assertThat(observation.classname()).isEqualTo("XII IPA");
  }

  @Test
  void namesEveryFieldItRefuses() {
    assertThatThrownBy(() -> new Observation("", "s\u0001", null, null, 1.5, "XII", " ", Optional.empty()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fields())
            .containsExactly("classId", "studentId", "username", "emotion", "confidence", "subject"));
  }

  @Test
  void refusesAnIdLongerThanTheLimit() {
    String id = "k".repeat(Observation.MAX_ID_LENGTH + 1);
    assertThatThrownBy(() -> Observation.of(id, "s1", "Budi", Emotion.BORED, 1, "XII", "Fisika", Instant.EPOCH))
        .hasMessageContaining("classId is longer than " + Observation.MAX_ID_LENGTH);
  }

  @Test
  void refusesAConfidenceThatIsNotANumber() {
    assertThatThrownBy(() -> Observation.of("k", "s1", "Budi", Emotion.BORED, Double.NaN, "XII", "Fisika",
        Instant.EPOCH)).hasMessageContaining("confidence must be a number from 0 to 1");
  }
}
