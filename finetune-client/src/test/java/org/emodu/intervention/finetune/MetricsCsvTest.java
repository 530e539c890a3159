package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MetricsCsvTest {

  private static final List<String> COLUMNS = List.of("train_loss", "train_accuracy", "valid_loss", "valid_mean_token_accuracy");

  @Test
  void readsColumnsByNameWhateverTheirOrderAndKeepsExtraOnes() {
    List<MetricsRow> rows = MetricsCsv.parse("test", "valid_loss,step,train_loss,full_valid_loss\r\n,1,2.5,\r\n0.9,2,2.0,0.95\r\n");

    assertThat(rows).containsExactly(
        new MetricsRow(1, Map.of("train_loss", 2.5)),
        new MetricsRow(2, orderedMap("valid_loss", 0.9, "train_loss", 2.0, "full_valid_loss", 0.95)));
  }

  @Test
  void namesSplitAndMetricOfEveryColumn() {
    assertThat(MetricsCsv.series("train_loss")).containsExactly("train", "loss");
    assertThat(MetricsCsv.series("train_accuracy")).containsExactly("train", "accuracy");
    assertThat(MetricsCsv.series("valid_mean_token_accuracy")).containsExactly("valid", "accuracy");
    assertThat(MetricsCsv.series("full_valid_loss")).containsExactly("full_valid", "loss");
    assertThat(MetricsCsv.series("train_mean_reward")).containsExactly("train", "mean_reward");
    assertThat(MetricsCsv.series("learning_rate")).containsExactly("other", "learning_rate");
  }

  @Test
  void reportsTheLineAndColumnOfABadCell() {
    assertThatThrownBy(() -> MetricsCsv.parse("result file file-x", "step,train_loss\n1,0.5\nthree,0.4\n"))
        .isInstanceOf(MetricsFormatException.class)
        .hasMessage("result file file-x line 3: step 'three' is not a whole number of at least 0");
    assertThatThrownBy(() -> MetricsCsv.parse("result file file-x", "step,train_loss\n1,0.5,9\n"))
        .hasMessage("result file file-x line 2: 3 cells where the header has 2");
    assertThatThrownBy(() -> MetricsCsv.parse("result file file-x", "loss\n0.5\n"))
        .hasMessageStartingWith("result file file-x line 1: the header has no 'step' column");
    assertThatThrownBy(() -> MetricsCsv.parse("result file file-x", "\n\n"))
        .hasMessage("result file file-x is empty");
  }

  @Test
  void aResultFileThatIsNotUtf8IsNamedByLineInTheReadingLayersWords() {
    byte[] latin1 = "step,train_loss\n1,0.5\n2,0.4\u00E9\n".getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> MetricsCsv.parse("result file file-x", latin1))
        .isInstanceOf(MetricsFormatException.class)
        .hasMessageStartingWith("result file file-x line 3: not UTF-8: byte 6 of the line (offset 27 in the file) is"
            + " 0xE9, which does not begin or continue a UTF-8 character; the file was saved in another encoding");
  }

  @Test
  void aLineLongerThanTheReadingLayerAllowsIsRefusedByLineWithoutBeingHeld() {
    String huge = "step,train_loss\n1,0.5\n2,0." + "1".repeat(2 << 20) + "\n3,0.3\n";

    assertThatThrownBy(() -> MetricsCsv.parse("result file file-x", huge))
        .isInstanceOf(MetricsFormatException.class)
        .hasMessage("result file file-x line 3: the line is longer than 1 MiB, the most one line may hold, and was not"
            + " read; no entry of such a file comes close (is it the file you meant?)");
  }

  @Test
  void cellsAreReadAsCsvQuotesIncludedAndAnUnclosedQuoteNamesItsLine() {
    assertThat(MetricsCsv.parse("test", "\"step\",\"train_loss\"\n\"1\",\"0.5\"\n"))
        .containsExactly(new MetricsRow(1, Map.of("train_loss", 0.5)));
    assertThatThrownBy(() -> MetricsCsv.parse("result file file-x", "step,train_loss\n1,0.5\n2,\"0.4\n3,0.3\n"))
        .isInstanceOf(MetricsFormatException.class)
        .hasMessageStartingWith("result file file-x line 3: a quoted field in the row that starts on this line is not"
            + " closed where it should be");
  }

  @Test
  void aBadCellIsShownShortenedAndEscaped() {
    assertThatThrownBy(() -> MetricsCsv.parse("result file file-x", "step,train_loss\n1,\u202Elots" + "x".repeat(100) + "\n"))
        .hasMessage("result file file-x line 2: train_loss '\\u202Elots" + "x".repeat(25) + "…' is not a number");
  }

  @Test
  void laterFilesWinWhereStepsOverlap() {
    List<MetricsRow> merged = MetricsCsv.merge(List.of(
        List.of(new MetricsRow(2, Map.of("train_loss", 1.0)), new MetricsRow(1, Map.of("train_loss", 2.0))),
        List.of(new MetricsRow(2, Map.of("train_loss", 0.5, "valid_loss", 0.7)))));

    assertThat(merged).extracting(MetricsRow::step).containsExactly(1L, 2L);
    assertThat(merged.get(1).values()).containsEntry("train_loss", 0.5).containsEntry("valid_loss", 0.7);
  }

  @Property
  void writingAndReadingAMetricsCsvGivesTheSameRows(@ForAll("metricsTables") List<MetricsRow> rows) {
    assertThat(MetricsCsv.parse("generated", format(rows))).isEqualTo(rows);
  }

  @Property
  void theTidyFileHasOneLinePerValuePresent(@ForAll("metricsTables") List<MetricsRow> rows) {
    String tidy = MetricsCsv.tidy("ftjob-x", rows);
    long values = rows.stream().mapToLong(row -> row.values().size()).sum();

    List<String> lines = tidy.lines().toList();
    assertThat(lines).hasSize((int) values + 1);
    assertThat(lines.subList(1, lines.size())).allSatisfy(line -> {
      String[] cells = line.split(",", -1);
      assertThat(cells).hasSize(5);
      assertThat(Double.parseDouble(cells[4])).isFinite();
    });
  }

  @Property
  void anyTextIsParsedOrRefusedWithAMessageNamingTheSource(@ForAll String text) {
    try {
      assertThat(MetricsCsv.parse("result file file-q", text)).isNotNull();
    } catch (MetricsFormatException e) {
      assertThat(e.getMessage()).startsWith("result file file-q");
    }
  }

  @Property
  void plainCsvIsNeverMistakenForBase64(@ForAll("metricsTables") List<MetricsRow> rows) {
    String csv = format(rows);

    byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);

    assertThat(MetricsCsv.csv("generated", bytes)).isEqualTo(bytes);
    assertThat(MetricsCsv.csv("generated", java.util.Base64.getEncoder().encode(bytes))).isEqualTo(bytes);
  }

  @Provide
  Arbitrary<List<MetricsRow>> metricsTables() {
    Arbitrary<Double> value = Arbitraries.doubles().between(0.0, 10.0).ofScale(5);
    Arbitrary<Map<String, Double>> values = Combinators.combine(
            value.injectNull(0.1), value.injectNull(0.1), value.injectNull(0.8), value.injectNull(0.8))
        .as((trainLoss, trainAccuracy, validLoss, validAccuracy) -> {
          Map<String, Double> map = new LinkedHashMap<>();
          putIfPresent(map, "train_loss", trainLoss);
          putIfPresent(map, "train_accuracy", trainAccuracy);
          putIfPresent(map, "valid_loss", validLoss);
          putIfPresent(map, "valid_mean_token_accuracy", validAccuracy);
          return map;
        });
    return values.list().ofMaxSize(40).map(list -> {
      List<MetricsRow> rows = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        rows.add(new MetricsRow(i + 1, list.get(i)));
      }
      return rows;
    });
  }

  private static String format(List<MetricsRow> rows) {
    StringBuilder csv = new StringBuilder("step,").append(String.join(",", COLUMNS)).append('\n');
    for (MetricsRow row : rows) {
      csv.append(row.step());
      for (String column : COLUMNS) {
        csv.append(',').append(row.value(column).map(String::valueOf).orElse(""));
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  private static void putIfPresent(Map<String, Double> map, String name, Double value) {
    if (value != null) {
      map.put(name, value);
    }
  }

  private static Map<String, Double> orderedMap(Object... entries) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < entries.length; i += 2) {
      map.put((String) entries[i], (Double) entries[i + 1]);
    }
    return map;
  }
}
