package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.Reinforcement;
import org.junit.jupiter.api.Test;

class CsvImporterTest {

  @Test
  void readsIndonesianHeadersWithSemicolonsAndQuotedMultiLineText() throws Exception {
    String csv = "\uFEFFNo;Emosi;Penguatan;Strategi ARCS;Kalimat\r\n"
        + "1;bosan;positif;perhatian;\"Ayo {username}; tebak \"\"fakta\"\" seru 😄\"\r\n"
        + "2;Sedih;Negative;Confidence;\"Tenang {username},\nkita pelan-pelan 🙂\"\r\n";
    CsvImport result = new CsvImporter().read(new StringReader(csv));

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
    CsvImport result = new CsvImporter().idPrefix("ahli").read(new StringReader(csv));

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
        .map("id", "kode").map("emotion", "perasaan siswa").read(new StringReader(csv));
    assertThat(result.exemplars()).singleElement().satisfies(exemplar -> {
      assertThat(exemplar.id()).isEqualTo("K-7");
      assertThat(exemplar.arcs()).isEqualTo(ArcsStrategy.ATTENTION);
    });
  }

  @Test
  void aHeaderWithoutRequiredColumnsIsRefusedNamingThemAndTheFix() {
    assertThatThrownBy(() -> new CsvImporter().read(new StringReader("emotion,kalimat\nbosan,x\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column for reinforcement, arcs")
        .hasMessageContaining("the columns are: emotion, kalimat")
        .hasMessageContaining("--map FIELD=COLUMN");
    assertThatThrownBy(() -> new CsvImporter().map("feeling", "x"))
        .hasMessageContaining("the fields are id, emotion, reinforcement, arcs, text, source_id, origin");
  }

  @Test
  void anUnclosedQuoteNamesItsLine() {
    assertThatThrownBy(() -> new CsvImporter().read(new StringReader("emotion,reinforcement,arcs,text\nbored,positive,attention,\"open\n")))
        .hasMessage("line 2: a quoted field is never closed (a \" is missing)");
  }

  @Property(tries = 200)
  void anyFieldsWrittenAsQuotedCsvReadBackUnchanged(@ForAll @Size(min = 1, max = 6) List<String> fields) throws Exception {
    String line = String.join(",", fields.stream().map(field -> "\"" + field.replace("\"", "\"\"") + "\"").toList());
    List<CsvTable.Record> records = CsvTable.parse(new StringReader(line + "\r\n"), ',');
    assertThat(records).singleElement().satisfies(record -> assertThat(record.fields()).isEqualTo(fields));
  }
}
