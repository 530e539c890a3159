package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ChrfSimilarityTest {

  private final ChrfSimilarity chrf = new ChrfSimilarity();

  /** Reference values from sacrebleu 2 {@code CHRF(word_order=2).sentence_score(variant, [source])}, divided by 100. */
  @Test
  void agreesWithSacrebleuOnLowerCaseText() {
    assertThat(chrf.similarity("keren banget, budi! ayo coba soal berikutnya", "hebat banget, budi! ayo coba soal berikutnya"))
        .isCloseTo(0.8679, within(0.0005));
    assertThat(chrf.similarity("ayo coba", "sama sekali beda")).isCloseTo(0.0446, within(0.0005));
    assertThat(chrf.similarity("satu dua tiga empat", "satu dua tiga empat")).isEqualTo(1.0);
  }

  @Test
  void ignoresCaseAndEmoji() {
    assertThat(chrf.similarity("Ayo coba satu soal ⭐", "ayo coba satu soal 🎉")).isEqualTo(1.0);
  }

  @Test
  void wordOrderCountsThroughWordPairs() {
    String source = "tebak satu kata kunci dan dapat bintang";
    assertThat(chrf.similarity(source, "tebak kata satu kunci dan dapat bintang")).isLessThan(0.8);
    assertThat(chrf.similarity(source, "tebak satu kata kunci dan dapat bintang!")).isGreaterThan(0.9);
  }

  @Property(tries = 200)
  void staysBetweenZeroAndOne(@ForAll String source, @ForAll String variant) {
    assertThat(chrf.similarity(source, variant)).isBetween(0.0, 1.0);
  }
}
