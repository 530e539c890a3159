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
