package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.emodu.intervention.dataset.GateVocabulary.Cue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateVocabularyTest {

  private static final GateVocabulary BUILT_IN = GateVocabulary.builtIn();

  @Test
  void findsCuesThroughCaseSuffixesAndPhrases() {
    assertThat(BUILT_IN.cuesIn(GateVocabulary.words("Jawab benar, Bintangnya buatmu ⭐"))).containsExactly(Cue.REWARD);
    assertThat(BUILT_IN.cuesIn(GateVocabulary.words("Selesai satu, PR-nya nggak perlu lagi 🙌"))).containsExactly(Cue.REMOVAL, Cue.BURDEN);
    assertThat(BUILT_IN.firstCue(Cue.REWARD, GateVocabulary.words("kamu boleh pilih lagu penutup"))).isEqualTo("boleh pilih");
    assertThat(BUILT_IN.cuesIn(GateVocabulary.words("Ayo semangat, {username} 💪"))).isEmpty();
  }

  @Test
  void protectsParticlesConnectorsNegationsEmotionNamesAndCueWords() {
    for (String word : Set.of("nih", "Kok", "begitu", "kalau", "nggak", "bosan", "bingung", "tambahan", "bintangnya", "dihapus", "PR")) {
      assertThat(BUILT_IN.isProtected(word)).as(word).isTrue();
    }
    assertThat(BUILT_IN.isProtected("keren")).isFalse();
    assertThat(BUILT_IN.isOptional("banget")).isTrue();
    assertThat(BUILT_IN.isOptional("soal")).isFalse();
  }

  @Test
  void aVocabularyFileReplacesTheBuiltInOne(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("vocabulary.txt");
    Files.writeString(file, "# mine\n[reward]\nkado\n[removal]\nbatal\n[burden]\nulangan\n[protected]\nlho\n");
    GateVocabulary vocabulary = GateVocabulary.read(file);
    assertThat(vocabulary.name()).isEqualTo("vocabulary.txt");
    assertThat(vocabulary.cuesIn(GateVocabulary.words("Kadonya buat kamu"))).containsExactly(Cue.REWARD);
    assertThat(vocabulary.cuesIn(GateVocabulary.words("bintang buat kamu"))).isEmpty();
    assertThat(vocabulary.isProtected("lho")).isTrue();
    assertThat(vocabulary.isProtected("nih")).isFalse();
    assertThat(vocabulary.isProtected("sedih")).as("emotion names are always protected").isTrue();
  }

  @Test
  void badLinesAreNamedByNumber() {
    assertThatThrownBy(() -> GateVocabulary.parse("mine", new ByteArrayInputStream("bintang\n[reward]\nbintang\nbintang\n[prizes]\n[removal]\nhapus\n".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1: 'bintang' comes before any [section]")
        .hasMessageContaining("line 4: 'bintang' is listed twice in [reward]")
        .hasMessageContaining("line 5: unknown section [prizes]; use one of [reward], [removal], [burden], [protected], [optional]")
        .hasMessageContaining("the section [burden] is missing or empty");
  }
}
