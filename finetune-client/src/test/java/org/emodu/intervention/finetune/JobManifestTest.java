package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.emodu.intervention.core.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobManifestTest {

  private static final Instant NOW = Instant.parse("2024-11-27T09:30:00Z");

  @TempDir
  Path directory;

  private static JobRecord job(String id, String status) {
    JobParameters parameters = new JobParameters("file-a", Optional.of("file-b"), "gpt-3.5-turbo-0125",
        Hyperparameters.parse("3", null, "2.0"), Optional.of("intervensi"), Optional.of(42L));
    return new JobRecord(id, parameters.fingerprint(), parameters, status, Optional.empty(), NOW, NOW);
  }

  @Test
  void writesReadableJsonAndReadsItBack() throws IOException {
    JobManifest manifest = JobManifest.at(directory.resolve("deep/dir/manifest.json"));

    manifest.update(content -> content
        .withFile(new UploadedFile("abc123", "file-a", "train.jsonl", 148220, NOW))
        .withJob(job("ftjob-1", "running")));

    String json = Files.readString(manifest.file());
    assertThat(json).contains("\"file_id\" : \"file-a\"", "\"job_id\" : \"ftjob-1\"", "\"epochs\" : 3", "\"uploaded_at\" : \"2024-11-27T09:30:00Z\"");
    assertThat(json).doesNotContain("batch_size", "fine_tuned_model");
    JobManifest reopened = JobManifest.at(manifest.file());
    assertThat(reopened.upload("abc123").orElseThrow().fileId()).isEqualTo("file-a");
    assertThat(reopened.job("ftjob-1")).contains(job("ftjob-1", "running"));
    assertThat(reopened.uploads()).hasSize(1);
  }

  @Test
  void aPendingUploadKeepsTheNameItWasSentUnderAndOlderEntriesReadWithoutOne() throws IOException {
    JobManifest manifest = JobManifest.at(directory.resolve("manifest.json"));
    manifest.update(content -> content.withPendingUpload(
        new PendingUpload("abc123", "train.jsonl", 3, NOW, Optional.of("train.sha256-abc123.jsonl"))));
    assertThat(Files.readString(manifest.file())).contains("\"upload_name\" : \"train.sha256-abc123.jsonl\"");

    Files.writeString(manifest.file(), "{\"version\": 1, \"pending_uploads\": {\"abc123\": {\"sha256\": \"abc123\","
        + " \"file_name\": \"train.jsonl\", \"bytes\": 3, \"started_at\": \"2024-11-27T09:30:00Z\"}}}");

    assertThat(manifest.read().pendingUploads().get("abc123"))
        .isEqualTo(new PendingUpload("abc123", "train.jsonl", 3, NOW, Optional.empty()));
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws IOException {
    JobManifest manifest = JobManifest.at(directory.resolve("manifest.json"));

    for (int i = 0; i < 5; i++) {
      String id = "ftjob-" + i;
      manifest.update(content -> content.withJob(job(id, "queued")));
    }

    try (var files = Files.list(directory)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("manifest.json", "manifest.json.lock");
    }
  }

  @Test
  void concurrentUpdatesFromSeveralManifestsLoseNothing() throws Exception {
    Path file = directory.resolve("manifest.json");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> writes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String id = "ftjob-" + i;
      // A manifest per write, as separate commands would have.
      writes.add(pool.submit(() -> JobManifest.at(file).update(content -> content.withJob(job(id, "queued")))));
    }
    for (Future<?> write : writes) {
      write.get();
    }
    pool.shutdown();

    assertThat(JobManifest.at(file).jobs()).hasSize(40);
  }

  @Test
  void aDamagedManifestIsReportedWithWhatToDo() throws IOException {
    Path file = Files.writeString(directory.resolve("manifest.json"), "{\"version\": 1, \"jobs\": [");

    assertThatThrownBy(() -> JobManifest.at(file).jobs())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("the fine-tuning manifest " + file + " is damaged")
        .hasMessageContaining("repair it or move it away");
  }

  @Test
  void aManifestFromANewerToolkitIsNotOverwritten() throws IOException {
    Path file = Files.writeString(directory.resolve("manifest.json"), "{\"version\": 9}");

    assertThatThrownBy(() -> JobManifest.at(file).update(content -> content))
        .hasMessageContaining("has version 9, newer than this toolkit understands");
    assertThat(Files.readString(file)).isEqualTo("{\"version\": 9}");
  }

  @Test
  void theOptionWinsOverTheSettingWhichWinsOverTheDefault() {
    Settings settings = Settings.of(Map.of(JobManifest.SETTING, "/data/manifest.json"));

    assertThat(JobManifest.locate(Optional.of(Path.of("mine.json")), settings).file()).isEqualTo(Path.of("mine.json"));
    assertThat(JobManifest.locate(Optional.empty(), settings).file()).isEqualTo(Path.of("/data/manifest.json"));
    assertThat(JobManifest.locate(Optional.empty(), Settings.of(Map.of())).file())
        .isEqualTo(Path.of(".intervensi/finetune-manifest.json"));
  }

  @Test
  void failedAndCancelledJobsDoNotBlockAnIdenticalOne() {
    assertThat(job("ftjob-1", "queued").blocksDuplicates()).isTrue();
    assertThat(job("ftjob-1", "running").blocksDuplicates()).isTrue();
    assertThat(job("ftjob-1", "succeeded").blocksDuplicates()).isTrue();
    assertThat(job("ftjob-1", "failed").blocksDuplicates()).isFalse();
    assertThat(job("ftjob-1", "cancelled").blocksDuplicates()).isFalse();
  }
}
