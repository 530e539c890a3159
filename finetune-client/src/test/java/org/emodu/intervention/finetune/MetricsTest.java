package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.emodu.intervention.testing.openai.FakeFineTuningApi.Stage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.emodu.intervention.core.tools.OutputExistsException;
import org.emodu.intervention.testing.openai.FakeFineTuningApi;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {

  private static final String JOB = "ftjob-Fq3wErTyUiOpAsDfGhJkL";
  private static final String RESULT = "file-Resu1tMetr1csCsv000";

  @TempDir
  Path directory;

  private final FakeTime time = new FakeTime();
  private FakeFineTuningApi server;
  private FineTuneClient client;
  private byte[] csv;

  @BeforeEach
  void start() throws IOException {
    server = new FakeFineTuningApi(time);
    client = FineTuneClient.builder(FakeConnections.to(server, time))
        .manifest(JobManifest.at(directory.resolve("manifest.json"))).clock(time).pause(time).build();
    csv = Fixtures.bytes(Fixtures.RESULT_METRICS);
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    server.close();
  }

  @Test
  void downloadsTheResultFileAndWritesATidyCsvWithoutTheEmptyValidationCells() throws IOException {
    server.addJob(JOB, Stage.succeeded(RESULT));
    server.content(RESULT, csv);
    Path out = directory.resolve("metrics");

    MetricsReport report = client.metrics(JOB, out, false);

    assertThat(report.resultFiles()).containsExactly(out.resolve(RESULT + ".csv"));
    assertThat(Files.readAllBytes(out.resolve(RESULT + ".csv"))).isEqualTo(csv);
    assertThat(report.rows()).hasSize(384);
    List<String> tidy = Files.readAllLines(report.tidyFile());
    assertThat(report.tidyFile()).isEqualTo(out.resolve(JOB + "-metrics.csv"));
    assertThat(tidy.get(0)).isEqualTo("job_id,step,split,metric,value");
    assertThat(tidy).contains(
        JOB + ",1,train,loss,2.6338",
        JOB + ",1,train,accuracy,0.41242",
        JOB + ",32,valid,loss,1.82417",
        JOB + ",32,valid,accuracy,0.53517",
        JOB + ",384,valid,loss,0.57995");
    assertThat(tidy).noneMatch(line -> line.matches(".*,2,valid,.*"));
    long validationLines = tidy.stream().filter(line -> line.contains(",valid,")).count();
    assertThat(validationLines).isEqualTo(2 * 12);
    assertThat(tidy).hasSize(1 + 384 * 2 + 24);
    assertThat(report.lastTraining().orElseThrow().step()).isEqualTo(384);
    assertThat(report.bestValidation().orElseThrow().step()).isEqualTo(352);
    assertThat(report.lastValidation().orElseThrow().validLoss()).contains(0.57995);
  }

  @Test
  void readsAResultFileServedBase64Encoded() {
    server.addJob(JOB, Stage.succeeded(RESULT));
    server.content(RESULT, Base64.getMimeEncoder().encode(csv));

    MetricsReport report = client.metrics(JOB, directory, false);

    assertThat(report.rows()).hasSize(384);
    assertThat(report.rows().get(0).trainLoss()).contains(2.6338);
  }

  @Test
  void refusesToReplaceEarlierMetricsUnlessAskedAndWritesNothing() throws IOException {
    server.addJob(JOB, Stage.succeeded(RESULT));
    server.content(RESULT, csv);
    Files.writeString(directory.resolve(JOB + "-metrics.csv"), "earlier");

    assertThatThrownBy(() -> client.metrics(JOB, directory, false))
        .isInstanceOf(OutputExistsException.class)
        .hasMessageContaining("already exists: ")
        .hasMessageContaining(JOB + "-metrics.csv (replacing it was not allowed)");
    assertThat(Files.exists(directory.resolve(RESULT + ".csv"))).isFalse();
    assertThat(Files.readString(directory.resolve(JOB + "-metrics.csv"))).isEqualTo("earlier");

    client.metrics(JOB, directory, true);

    assertThat(Files.readString(directory.resolve(JOB + "-metrics.csv"))).startsWith("job_id,step,split,metric,value");
  }

  @Test
  void aJobStillRunningHasNoMetricsYet() {
    server.addJob(JOB, Stage.of("running"));

    assertThatThrownBy(() -> client.metrics(JOB, directory, false))
        .isInstanceOf(FineTuneException.class)
        .hasMessage("job " + JOB + " has no result files yet (it is running); run this again once it has succeeded");
  }

  @Test
  void aResultFileInAnotherEncodingNamesTheLineAndWritesNothing() {
    server.addJob(JOB, Stage.succeeded(RESULT));
    server.content(RESULT, "step,train_loss\n1,0.5\n2,0.4\u00A0\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> client.metrics(JOB, directory, false))
        .isInstanceOf(MetricsFormatException.class)
        .hasMessageStartingWith("result file " + RESULT + " line 3: not UTF-8: byte 6 of the line (offset 27 in the file)"
            + " is 0xA0");
    assertThat(directory.resolve(RESULT + ".csv")).doesNotExist();
  }

  @Test
  void aResultFileLargerThanAnyMetricsIsRefusedAfterReadingNoMoreThanTheBound() {
    server.addJob(JOB, Stage.succeeded(RESULT));
    byte[] huge = new byte[MetricsCsv.MAX_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) '1');
    server.content(RESULT, huge);

    assertThatThrownBy(() -> client.metrics(JOB, directory, false))
        .isInstanceOf(MetricsFormatException.class)
        .hasMessage("result file " + RESULT + " holds more than 64 MiB, more than the metrics of a million steps;"
            + " it is not a metrics CSV");
    assertThat(directory.resolve(RESULT + ".csv")).doesNotExist();
  }

  @Test
  void aResultFileThatIsNotAMetricsCsvNamesTheLine() {
    server.addJob(JOB, Stage.succeeded(RESULT));
    server.content(RESULT, "step,train_loss\n1,0.5\n2,lots\n".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> client.metrics(JOB, directory, false))
        .isInstanceOf(MetricsFormatException.class)
        .hasMessage("result file " + RESULT + " line 3: train_loss 'lots' is not a number");
  }
}
