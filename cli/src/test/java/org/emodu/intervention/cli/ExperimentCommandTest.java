package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.evaluation.experiment.ExperimentSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandTest {

  @TempDir
  Path directory;

  private final MockWebServer server = new MockWebServer();

  private record Run(int code, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private Run run(Map<String, String> settings, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), () -> Settings.of(settings));
    return new Run(code, out.toString(), err.toString());
  }

  private Path evaluationSet() {
    Path split = directory.resolve("split");
    assertThat(run(Map.of(), "dataset", "split", "builtin", "--test", "0.2", "--seed", "7", "--out-dir",
        split.toString()).code()).isZero();
    Path file = directory.resolve("eval.jsonl");
    Run evalset = run(Map.of(), "dataset", "evalset", split.resolve("test.jsonl").toString(), "-o", file.toString());
    assertThat(evalset.code()).isZero();
    assertThat(evalset.out()).startsWith("wrote 80 evaluation records to ");
    return file;
  }

  @Test
  void theWholeStudyRunsOfflineFromTheBuiltInCorpusToTheReport() throws Exception {
    Path evaluationSet = evaluationSet();
    Path out = directory.resolve("experiment");
    Map<String, String> settings = Map.of("INTERVENSI_CORPUS", directory.resolve("split/train.jsonl").toString());

    Run experiment = run(settings, "experiment", "run", "--eval-set", evaluationSet.toString(), "--profiles", "offline",
        "--repeat", "2", "--out", out.toString());

    assertThat(experiment.code()).as(experiment.err()).isZero();
    assertThat(experiment.out()).startsWith("offline    160 answered, 0 failed; BERTScore P 0.");
    assertThat(experiment.err()).contains("next: intervensi evaluate report");
    ExperimentSummary summary = ExperimentSummary.read(out);
    assertThat(summary.profiles()).singleElement().satisfies(profile -> {
      assertThat(profile.model()).isEqualTo("train.jsonl");
      assertThat(profile.compliance().meetingAllShare()).isEqualTo(1.0);
    });

    Path report = directory.resolve("report.html");
    Run written = run(Map.of(), "evaluate", "report", "--experiment", out.toString(), "--out", report.toString());

    assertThat(written.code()).as(written.err()).isZero();
    assertThat(Files.readString(report)).contains("<h2>Descriptive statistics</h2>").contains("data:image/png;base64,");
    assertThat(directory.resolve("report.md")).exists();
    assertThat(directory.resolve("report-charts/bertscore.png")).exists();
    assertThat(run(Map.of(), "evaluate", "report", "--experiment", out.toString(), "--out", report.toString()).err())
        .contains("already exists: " + report + " (use --force to replace it)");
    assertThat(written.out()).contains("intervals " + directory.resolve("report-statistics.csv"))
        .contains(directory.resolve("report-charts/bertscore.pdf").toString());
    assertThat(Files.readString(report)).contains("<h2>Intervals and paired comparison</h2>");

    Path laporan = directory.resolve("laporan.html");
    Run indonesian = run(Map.of(), "evaluate", "report", "--experiment", out.toString(), "--out", laporan.toString(),
        "--lang", "id", "--seed", "7", "--resamples", "500", "--dpi", "150", "--smoothing", "0");

    assertThat(indonesian.code()).as(indonesian.err()).isZero();
    assertThat(Files.readString(laporan)).contains("<html lang=\"id\">").contains("<h2>Statistik deskriptif</h2>")
        .contains("<h2>Selang kepercayaan dan uji berpasangan</h2>").contains("<h3>Profil luring (offline)</h3>")
        .contains("500 kali pengambilan ulang, seed 7");
    assertThat(Files.readString(directory.resolve("laporan-statistics.csv"))).contains(",500,7,");
    assertThat(directory.resolve("laporan-charts/bertscore-distribution.pdf")).exists();
  }

  @Test
  void reportOptionsOutOfRangeNameTheOption() throws Exception {
    Path out = directory.resolve("experiment");
    for (String[] option : new String[][] {{"--lang", "fr"}, {"--smoothing", "1"}, {"--resamples", "10"},
        {"--dpi", "1200"}}) {
      Run run = run(Map.of(), "evaluate", "report", "--experiment", out.toString(), "--out",
          directory.resolve("r.html").toString(), option[0], option[1]);
      assertThat(run.code()).as(String.join(" ", option)).isEqualTo(2);
      assertThat(run.err()).contains(option[0]);
    }
  }

  @Test
  void missingSettingsOfAProfileStopTheRunBeforeAnyCall() throws Exception {
    Path evaluationSet = evaluationSet();
    Map<String, String> settings = Map.of("OPENAI_API_KEY", "sk-test-key-0123456789",
        "OPENAI_BASE_URL", server.url("/v1").toString());

    Run run = run(settings, "experiment", "run", "--eval-set", evaluationSet.toString(), "--profiles", "base,finetuned",
        "--out", directory.resolve("x").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("the finetuned profile needs OPENAI_FINE_TUNED_MODEL").doesNotContain("sk-test");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anEvaluationRecordWithoutAReferenceIsNamedBeforeAnyCall() throws Exception {
    Path evaluationSet = Files.writeString(directory.resolve("eval.jsonl"),
        "{\"username\":\"Budi\",\"emotion\":\"bosan\",\"classname\":\"X\",\"subject\":\"Fisika\"}\n");
    Map<String, String> settings = Map.of("OPENAI_API_KEY", "sk-test-key-0123456789",
        "OPENAI_BASE_URL", server.url("/v1").toString());

    Run run = run(settings, "experiment", "run", "--eval-set", evaluationSet.toString(), "--profiles", "base",
        "--out", directory.resolve("x").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("line 1: reference is missing");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void autoIsNotAProfileToCompare() throws Exception {
    Run run = run(Map.of(), "experiment", "run", "--eval-set", evaluationSet().toString(), "--profiles", "offline,auto",
        "--out", directory.resolve("x").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("base, finetuned or offline, not auto");
  }

  @Test
  void anUnreadableMetricsFileIsNamed() throws Exception {
    Path metrics = Files.writeString(directory.resolve("metrics.csv"), "a,b\n1,2\n");
    Path out = directory.resolve("experiment");
    Files.createDirectories(out);

    Run missing = run(Map.of(), "evaluate", "report", "--experiment", out.toString(), "--out",
        directory.resolve("r.html").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("holds no summary.json");

    Run experiment = run(Map.of(), "experiment", "run", "--eval-set", evaluationSet().toString(), "--profiles",
        "offline", "--out", out.toString());
    assertThat(experiment.code()).as(experiment.err()).isZero();
    Run bad = run(Map.of(), "evaluate", "report", "--experiment", out.toString(), "--metrics", metrics.toString(),
        "--out", directory.resolve("r.html").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("metrics.csv").contains("has neither the job's header");
    assertThat(directory.resolve("r.html")).doesNotExist();
  }
}
