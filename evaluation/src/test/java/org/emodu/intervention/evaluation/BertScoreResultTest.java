package org.emodu.intervention.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertScoreResultTest {

  @TempDir
  Path directory;

  private static BertScoreResult result() {
    return new BertScoreResult(List.of(
        new PairScore(0, "Semangat, Budi! 💪", "Ayo \"semangat\", Budi!", 0, new BertScore(0.9, 0.8, 0.85)),
        new PairScore(1, "Ayo Sari", "Sari, ayo", 2, new BertScore(0.7, 0.6, 0.65))), "table_L1_no-idf", 0);
  }

  @Test
  void writesOneQuotedCsvRowPerPairCountingLinesFromOne() throws IOException {
    Path out = directory.resolve("scores.csv");

    result().writeCsv(out, false);

    assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(
        "line,precision,recall,f1,best_reference,candidate,reference\r\n"
            + "1,0.9,0.8,0.85,1,\"Semangat, Budi! 💪\",\"Ayo \"\"semangat\"\", Budi!\"\r\n"
            + "2,0.7,0.6,0.65,3,Ayo Sari,\"Sari, ayo\"\r\n");
  }

  @Test
  void neverReplacesAFileUnlessAskedAndLeavesNoTemporaryFiles() throws IOException {
    Path out = directory.resolve("scores.csv");
    Files.writeString(out, "keep me");

    assertThatThrownBy(() -> result().writeCsv(out, false))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(out)).isEqualTo("keep me");

    result().writeCsv(out, true);
    assertThat(Files.readString(out)).startsWith("line,");
    try (var files = Files.list(directory)) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void averagesEachScoreOverThePairs() {
    BertScore mean = result().mean();

    assertThat(mean.precision()).isCloseTo(0.8, within(1e-12));
    assertThat(mean.f1()).isCloseTo(0.75, within(1e-12));
    assertThat(result().recall().min()).isEqualTo(0.6);
  }
}
