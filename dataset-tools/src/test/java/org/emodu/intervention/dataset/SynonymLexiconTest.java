package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynonymLexiconTest {

  @Test
  void theBuiltInLexiconHoldsAtLeastThreeHundredWords() {
    assertThat(SynonymLexicon.builtIn().size()).isGreaterThanOrEqualTo(300);
    assertThat(SynonymLexicon.builtIn().words()).contains("keren", "soal", "tugas", "semangat", "nggak", "kelas");
  }

  @Test
  void negationsOnlyHaveNegationsAsSynonyms() {
    assertThat(SynonymLexicon.builtIn().synonymsOf("nggak")).isNotEmpty()
        .allSatisfy(word -> assertThat(Chunk.NEGATIONS).contains(word.split(" ")[0]));
  }

  @Test
  void lookupIgnoresCaseKeepsCapitalisationAndSeesThroughSuffixes() {
    SynonymLexicon lexicon = SynonymLexicon.builtIn();
    assertThat(lexicon.synonymsOf("Keren")).isNotEmpty().allSatisfy(word -> assertThat(Character.isUpperCase(word.charAt(0))).isTrue());
    assertThat(lexicon.synonymsOf("usahamu")).contains("upayamu");
    assertThat(lexicon.synonymsOf("zzz")).isEmpty();
  }

  @Test
  void aLexiconFileReplacesTheBuiltInOne(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("lexicon.txt");
    Files.writeString(file, "# mine\nkeren: kece\n\nsoal: pertanyaan, latihan\n");
    SynonymLexicon lexicon = SynonymLexicon.read(file);
    assertThat(lexicon.size()).isEqualTo(2);
    assertThat(lexicon.synonymsOf("soal")).containsExactly("pertanyaan", "latihan");
  }

  @Test
  void badLinesAreNamedByNumber() {
    assertThatThrownBy(() -> SynonymLexicon.parse("mine", new StringReader("keren: kece\nno colon here\nkeren: hebat\nkata dua: x\nsepi:\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2: expected 'word: synonym, synonym'")
        .hasMessageContaining("line 3: 'keren' is listed twice")
        .hasMessageContaining("line 4: the head word must be a single word")
        .hasMessageContaining("line 5: 'sepi' has no synonyms");
  }
}
