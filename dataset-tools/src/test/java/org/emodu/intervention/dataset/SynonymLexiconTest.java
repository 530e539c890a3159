package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynonymLexiconTest {

  @Test
  void theBuiltInLexiconHoldsAtLeastOneHundredAndFiftyWords() {
    assertThat(SynonymLexicon.builtIn().size()).isGreaterThanOrEqualTo(150);
    assertThat(SynonymLexicon.builtIn().words()).contains("keren", "hebat", "selesaikan", "usaha");
  }

  @Test
  void theBuiltInLexiconHasNoEntryForAProtectedWord() {
    GateVocabulary vocabulary = GateVocabulary.builtIn();
    assertThat(SynonymLexicon.builtIn().words()).noneMatch(vocabulary::isProtected);
  }

  @Test
  void theBuiltInLexiconHoldsNoneOfTheEntriesThatBrokeMeaning() {
    SynonymLexicon lexicon = SynonymLexicon.builtIn();
    assertThat(lexicon.synonymsOf("tambahan")).doesNotContain("bonus");
    assertThat(lexicon.synonymsOf("berani")).doesNotContain("nekat");
    assertThat(lexicon.synonymsOf("kejutan")).doesNotContain("kado");
    assertThat(lexicon.synonymsOf("petunjuk")).doesNotContain("bocoran");
    assertThat(lexicon.synonymsOf("panjang")).doesNotContain("lama");
    assertThat(lexicon.synonymsOf("ubah")).doesNotContain("rubah");
    assertThat(lexicon.synonymsOf("bintang")).doesNotContain("bintang emas");
    assertThat(lexicon.synonymsOf("begitu")).doesNotContain("seperti itu");
    for (String word : lexicon.words()) {
      assertThat(lexicon.synonymsOf(word)).as(word)
          .noneMatch(synonym -> synonym.toLowerCase(java.util.Locale.ROOT).startsWith(word + " "));
    }
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
    assertThatThrownBy(() -> SynonymLexicon.parse("mine", new ByteArrayInputStream("keren: kece\nno colon here\nkeren: hebat\nkata dua: x\nsepi:\n".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2: expected 'word: synonym, synonym'")
        .hasMessageContaining("line 3: 'keren' is listed twice")
        .hasMessageContaining("line 4: the head word must be a single word")
        .hasMessageContaining("line 5: 'sepi' has no synonyms");
  }
}
