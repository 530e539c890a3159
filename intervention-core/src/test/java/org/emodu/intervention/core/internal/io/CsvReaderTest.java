package org.emodu.intervention.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  @Test
  void readsQuotedMultiLineFieldsRememberingWhereEachRowStarts() throws IOException {
    List<CsvReader.Row> rows = readAll("\uFEFFa;b\r\n1;\"dua\r\nbaris; \"\"kutip\"\"\"\r\n\r\n3;x\r\n", null);

    assertThat(rows).extracting(CsvReader.Row::fields).containsExactly(
        List.of("a", "b"), List.of("1", "dua\r\nbaris; \"kutip\""), List.of(""), List.of("3", "x"));
    assertThat(rows).extracting(CsvReader.Row::line).containsExactly(1L, 2L, 4L, 5L);
    assertThat(rows).extracting(CsvReader.Row::number).containsExactly(1L, 2L, 3L, 4L);
    assertThat(rows.get(2).isBlank()).isTrue();
  }

  @Test
  void detectsTheDelimiterFromTheFirstLine() throws IOException {
    assertThat(new CsvReader(input("a\tb\tc;d\n"), null).delimiter()).isEqualTo('\t');
    assertThat(new CsvReader(input("\"a;b\",c,d\n"), null).delimiter()).isEqualTo(',');
    assertThat(new CsvReader(input("a,b\n"), ';').delimiter()).isEqualTo(';');
  }

  @Test
  void aQuoteNotClosedBeforeTheNextRowIsAnErrorNamingTheLineItsRowStartsOn() throws IOException {
    String csv = "emotion,reinforcement,arcs,text\n"
        + "bored,positive,attention,\"Halo {username} semangat ya 😊\n"
        + "bored,positive,attention,Ayo \"coba\" lagi {username} 🚀\n"
        + "sad,positive,confidence,Kamu bisa {username} 💪\n";
    CsvReader reader = new CsvReader(input(csv), null);
    reader.next();

    MalformedLineException error = catchThrowableOfType(MalformedLineException.class, reader::next);

    assertThat(error.reason()).isEqualTo(MalformedLineException.Reason.NOT_CSV);
    assertThat(error.line()).isEqualTo(2);
    assertThat(error).hasMessageStartingWith("line 2: a quoted field in the row that starts on this line is not closed");
  }

  @Test
  void aQuoteNeverClosedAtAllIsAnErrorToo() throws IOException {
    CsvReader reader = new CsvReader(input("a,b\n1,2\n3,\"open\n4,5\n"), null);
    reader.next();
    reader.next();

    assertThat(catchThrowableOfType(MalformedLineException.class, reader::next).line()).isEqualTo(3);
  }

  @Test
  void aRowThatGrowsPastTheLimitIsRefused() throws IOException {
    // Short lines, but an open quote takes them all into one field.
    StringBuilder csv = new StringBuilder("a,b\n1,\"open\n");
    String line = "x".repeat(99) + "\n";
    while (csv.length() < CsvReader.MAX_ROW_CHARS + (1 << 16)) {
      csv.append(line);
    }
    CsvReader reader = new CsvReader(input(csv.toString()), null);
    reader.next();

    MalformedLineException error = catchThrowableOfType(MalformedLineException.class, reader::next);

    assertThat(error.line()).isEqualTo(2);
    assertThat(error).hasMessageContaining("longer than 1,048,576 characters").hasMessageContaining("not closed");
  }

  @Property(tries = 200)
  void anyFieldsWrittenAsQuotedCsvReadBackUnchanged(@ForAll @Size(min = 1, max = 6) List<String> fields) throws IOException {
    List<String> expected = fields.stream().map(field -> new String(field.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).toList();
    String line = String.join(",", fields.stream().map(field -> "\"" + field.replace("\"", "\"\"") + "\"").toList());

    List<CsvReader.Row> rows = readAll(line + "\r\n", ',');

    assertThat(rows).singleElement().satisfies(row -> assertThat(row.fields()).isEqualTo(expected));
  }

  private static List<CsvReader.Row> readAll(String csv, Character delimiter) throws IOException {
    List<CsvReader.Row> rows = new ArrayList<>();
    try (CsvReader reader = new CsvReader(input(csv), delimiter)) {
      CsvReader.Row row;
      while ((row = reader.next()) != null) {
        rows.add(row);
      }
    }
    return rows;
  }

  private static ByteArrayInputStream input(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
