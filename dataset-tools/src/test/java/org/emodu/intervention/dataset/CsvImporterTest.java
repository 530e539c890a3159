package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.Reinforcement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvImporterTest {

  @Test
  void readsIndonesianHeadersWithSemicolonsAndQuotedMultiLineText() throws Exception {
    String csv = "\uFEFFNo;Emosi;Penguatan;Strategi ARCS;Kalimat\r\n"
        + "1;bosan;positif;perhatian;\"Ayo {username}; tebak \"\"fakta\"\" seru 😄\"\r\n"
        + "2;Sedih;Negative;Confidence;\"Tenang {username},\nkita pelan-pelan 🙂\"\r\n";
    CsvImport result = new CsvImporter().read(utf8(csv));

    assertThat(result.complete()).isTrue();
    assertThat(result.exemplars()).containsExactly(
        new Exemplar("1", Emotion.BORED, Reinforcement.POSITIVE, ArcsStrategy.ATTENTION, "Ayo {username}; tebak \"fakta\" seru 😄",
            java.util.Optional.empty(), "expert"),
        new Exemplar("2", Emotion.SAD, Reinforcement.NEGATIVE, ArcsStrategy.CONFIDENCE, "Tenang {username},\nkita pelan-pelan 🙂",
            java.util.Optional.empty(), "expert"));
  }

  @Test
  void reportsEveryUnreadableRowByRowAndLineAndKeepsTheRest() throws Exception {
    String csv = "emotion,reinforcement,arcs,text\n"
        + "bored,positive,attention,Ayo {username} 😄\n"
        + "sedih banget,positive,attention,Hai {username} 😊\n"
        + "happy,neutral,attention,\n"
        + "happy,positive,attention,Halo {nama} 😊\n"
        + "happy,positive,attention,Halo,{username} 😊\n";
    CsvImport result = new CsvImporter().idPrefix("ahli").read(utf8(csv));

    assertThat(result.exemplars()).extracting(Exemplar::id).containsExactly("ahli-1");
    assertThat(result.problems()).extracting(CsvImport.RowProblem::row).containsExactly(2, 3, 4, 5);
    assertThat(result.problems()).extracting(CsvImport.RowProblem::line).containsExactly(3, 4, 5, 6);
    assertThat(result.problems().get(0).message()).startsWith("emotion 'sedih banget' is not recognised; use one of:");
    assertThat(result.problems().get(1).message()).contains("reinforcement 'neutral' is not recognised").contains("text is blank");
    assertThat(result.problems().get(2).message()).contains("unknown placeholder {nama}");
    assertThat(result.problems().get(3).message()).contains("5 fields but the header has 4");
    assertThat(result.problems().get(0).toString()).startsWith("row 2 (line 3): ");
  }

  @Test
  void mapsOtherColumnNamesWhenTold() throws Exception {
    String csv = "Perasaan Siswa,Jenis,Model,Kalimat Motivasi,Kode\nbosan,positif,a,Yuk {username} 😄,K-7\n";
    CsvImport result = new CsvImporter().map("reinforcement", "jenis").map("arcs", "Model").map("text", "kalimat motivasi")
        .map("id", "kode").map("emotion", "perasaan siswa").read(utf8(csv));
    assertThat(result.exemplars()).singleElement().satisfies(exemplar -> {
      assertThat(exemplar.id()).isEqualTo("K-7");
      assertThat(exemplar.arcs()).isEqualTo(ArcsStrategy.ATTENTION);
    });
  }

  @Test
  void aHeaderWithoutRequiredColumnsIsRefusedNamingThemAndTheFix() {
    assertThatThrownBy(() -> new CsvImporter().read(utf8("emotion,kalimat\nbosan,x\n")))
        .isInstanceOf(MissingColumnsException.class)
        .hasMessageContaining("no column for reinforcement, arcs")
        .hasMessageContaining("the columns are: emotion, kalimat")
        .hasMessageContaining("map them with map(FIELD, COLUMN)")
        .satisfies(e -> assertThat(((MissingColumnsException) e).missing()).containsExactly("reinforcement", "arcs"));
    assertThatThrownBy(() -> new CsvImporter().map("feeling", "x"))
        .hasMessageContaining("the fields are id, emotion, reinforcement, arcs, text, source_id, origin");
  }

  @Test
  void anUnclosedQuoteNamesItsLine() {
    assertThatThrownBy(() -> new CsvImporter().read(utf8("emotion,reinforcement,arcs,text\nbored,positive,attention,\"open\n")))
        .hasMessageStartingWith("row 1 (line 2): a quoted field in the row that starts on this line is not closed where it should be");
  }

  @Test
  void anUnbalancedQuoteIsAnErrorNamingItsRowInsteadOfSwallowingTheNextRow(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("experts.csv");
    Files.writeString(file, "emotion,reinforcement,arcs,text\n"
        + "happy,positive,attention,Hore {username} 🎉\n"
        + "bored,positive,attention,\"Halo {username} semangat ya 😊\n"
        + "bored,positive,attention,Ayo \"coba\" lagi {username} 🚀\n"
        + "sad,positive,confidence,Kamu bisa {username} 💪\n");

    assertThatThrownBy(() -> new CsvImporter().read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": row 2 (line 3): a quoted field in the row that starts on this line is not closed where it"
            + " should be: its closing \" is missing, or a \" inside it is not doubled (write it as \"\"); unclosed, it"
            + " would take in the rows after it");
  }

  @Test
  void aFileThatIsNotUtf8IsNamedByFileLineAndByte(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("latin.csv");
    Files.write(file, "emotion,reinforcement,arcs,text\nbored,positive,attention,Caf\u00e9 {username} ok\n"
        .getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> new CsvImporter().read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + ": line 2: not UTF-8: byte 29 of the line (offset 60 in the file) is 0xE9")
        .hasMessageContaining("save it as UTF-8");
  }

  @Test
  void aHugeLineIsRefusedNamingTheFileTheLineAndTheLimit(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("huge.csv");
    Files.writeString(file, "emotion,reinforcement,arcs,text\nbored,positive,attention,\"" + "a".repeat(3 << 20) + "\"\n");

    assertThatThrownBy(() -> new CsvImporter().read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + ": line 2: the line is longer than 1 MiB");
  }

  private static InputStream utf8(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
