package org.emodu.intervention.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {

  // The reference implementation's format: a header and one row per layer (here a 3-layer model).
  private static final String FILE = """
      LAYER,P,R,F
      0,0.31880563,0.31885436,0.314444
      1,0.39939553,0.399461,0.39680958
      2,0.5,0.25,0.4
      3,0.73005176,0.7301036,0.72975814
      """;

  @TempDir
  Path directory;

  @Test
  void rescalesWithTheLinearMapThatKeepsOneAtOne() {
    Baseline baseline = new Baseline(0.8, 0.6, 0.7);

    BertScore rescaled = baseline.rescale(new BertScore(0.9, 0.8, 1.0));

    assertThat(rescaled.precision()).isCloseTo(0.5, within(1e-12));
    assertThat(rescaled.recall()).isCloseTo(0.5, within(1e-12));
    assertThat(rescaled.f1()).isCloseTo(1.0, within(1e-12));
    assertThat(baseline.rescale(new BertScore(0.8, 0.6, 0.7))).isEqualTo(new BertScore(0, 0, 0));
  }

  @Test
  void readsTheDeepestLayerByDefaultAndAnyLayerOnRequest() throws IOException {
    Path file = directory.resolve("baseline.tsv");
    Files.writeString(file, FILE);

    assertThat(Baseline.read(file)).isEqualTo(new Baseline(0.73005176, 0.7301036, 0.72975814));
    assertThat(Baseline.read(file, OptionalInt.of(2))).isEqualTo(new Baseline(0.5, 0.25, 0.4));
  }

  @Test
  void readsATabSeparatedFileWithoutALayerColumn() throws IOException {
    Path file = directory.resolve("baseline.tsv");
    Files.writeString(file, "P\tR\tF\n0.8\t0.7\t0.75\n");

    assertThat(Baseline.read(file)).isEqualTo(new Baseline(0.8, 0.7, 0.75));
  }

  @Test
  void namesTheProblemWithABaselineFile() throws IOException {
    Path file = directory.resolve("baseline.tsv");
    Files.writeString(file, FILE);
    assertThatThrownBy(() -> Baseline.read(file, OptionalInt.of(12)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no row for layer 12; it has the layers 0, 1, 2, 3");

    Files.writeString(file, "LAYER,P,R\n0,0.1,0.2\n");
    assertThatThrownBy(() -> Baseline.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs the columns P, R and F");

    Files.writeString(file, "P,R,F\n0.1,oops,0.3\n");
    assertThatThrownBy(() -> Baseline.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");

    Files.writeString(file, "");
    assertThatThrownBy(() -> Baseline.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is empty");
  }

  @Test
  void parsesThreeValuesOrOneForAll() {
    assertThat(Baseline.parse("0.83, 0.82,0.81")).isEqualTo(new Baseline(0.83, 0.82, 0.81));
    assertThat(Baseline.parse("0.8")).isEqualTo(Baseline.of(0.8));
    for (String text : new String[] {"", "0.1,0.2", "a,b,c", "1,1,1", "0.1,0.2,0.3,0.4"}) {
      assertThatThrownBy(() -> Baseline.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Property(tries = 200)
  void parsesBackAnyBaselineItPrints(@ForAll @DoubleRange(min = -10, max = 0.99) double precision,
      @ForAll @DoubleRange(min = -10, max = 0.99) double recall, @ForAll @DoubleRange(min = -10, max = 0.99) double f1) {
    Baseline baseline = new Baseline(precision, recall, f1);

    assertThat(Baseline.parse(String.format(Locale.ROOT, "%s,%s,%s", precision, recall, f1))).isEqualTo(baseline);
  }
}
