package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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
  void aDamagedManifestIsReportedInTheToolkitsWordsWithThePlaceAndWhatToDo() throws IOException {
    Path file = Files.writeString(directory.resolve("manifest.json"), "{\n  \"version\" : 1,\n  \"jobs\" : {");

    assertThatThrownBy(() -> JobManifest.at(file).jobs())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("the fine-tuning manifest " + file + " is damaged: line 4, column 1: the document ends inside an"
            + " object opened at line 3, column 12 (a } is missing). It records which files were uploaded and which"
            + " jobs were created, so that no command pays twice; repair it there (or restore a copy, from version"
            + " control for instance), or move it aside (rename it to manifest.json.damaged, say) and the next"
            + " command starts a new one, which knows none of the earlier uploads and jobs: they would be uploaded"
            + " and created again");
  }

  @Test
  void aManifestOfTheWrongShapeSaysWhichKeyHoldsWhatWithoutJavasNames() throws IOException {
    Path file = Files.writeString(directory.resolve("manifest.json"), "{\"version\": 1,\n \"jobs\": [\"ftjob-1\"]}");

    assertThatThrownBy(() -> JobManifest.at(file).jobs())
        .hasMessageStartingWith("the fine-tuning manifest " + file + " is damaged: line 2, column 10: the key 'jobs'"
            + " does not hold an object. ")
        .hasMessageNotContaining("LinkedHashMap").hasMessageNotContaining("JsonToken").hasMessageNotContaining("`");
  }

  @Test
  void aKeyTwiceOrMoreAfterTheObjectIsDamageNotSilentlyTheLastOrIgnored() throws IOException {
    JobManifest manifest = JobManifest.at(directory.resolve("manifest.json"));
    manifest.update(content -> content.withJob(job("ftjob-1", "running")));
    String written = Files.readString(manifest.file());

    // A merge that kept both sides: the second jobs object would otherwise hide the first.
    Files.writeString(manifest.file(), written.replaceFirst("\\{", "{\n  \"jobs\" : { },"));
    assertThatThrownBy(manifest::jobs).hasMessageContaining("is damaged: line 5, column 9: the key 'jobs' appears"
        + " twice in one object. ");

    Files.writeString(manifest.file(), written + "{}");
    assertThatThrownBy(manifest::jobs).hasMessageContaining("is damaged: line 26, column 2: more follows the value,"
        + " where the document should end; it holds one value. ");
  }

  @Test
  void aManifestThatIsNotUtf8IsNamedByLineInTheReadingLayersWords() throws IOException {
    JobManifest manifest = JobManifest.at(directory.resolve("manifest.json"));
    manifest.update(content -> content.withFile(new UploadedFile("abc123", "file-a", "train.jsonl", 148220, NOW)));
    byte[] latin1 = Files.readString(manifest.file()).replace("train.jsonl", "latih\u00E9.jsonl")
        .getBytes(StandardCharsets.ISO_8859_1);
    Files.write(manifest.file(), latin1);

    assertThatThrownBy(manifest::uploads)
        .hasMessageContaining("is damaged: line 7: not UTF-8: byte 27 of the line (offset ")
        .hasMessageContaining("is 0xE9, which does not begin or continue a UTF-8 character")
        .hasMessageContaining("or move it aside (rename it to manifest.json.damaged, say)");
  }

  @Test
  void anOversizedManifestIsRefusedWithoutBeingRead() throws IOException {
    Path file = directory.resolve("manifest.json");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(JobManifest.MAX_BYTES + 1L);
    }

    assertThatThrownBy(() -> JobManifest.at(file).jobs())
        .hasMessageStartingWith("the fine-tuning manifest " + file + " is damaged: it holds " + (JobManifest.MAX_BYTES + 1L)
            + " bytes, more than the 64 MiB a manifest of even 100,000 jobs comes near. ");
  }

  @Test
  void anEmptyManifestIsDamagedNotAnEmptyRecord() throws IOException {
    Path file = Files.writeString(directory.resolve("manifest.json"), "\n");

    assertThatThrownBy(() -> JobManifest.at(file).update(content -> content))
        .hasMessageStartingWith("the fine-tuning manifest " + file + " is damaged: the file is empty. ");
    assertThat(Files.readString(file)).isEqualTo("\n");
  }

  @Property(tries = 300)
  void anyDamageIsDescribedOnOneShortLineWithoutTheParsersInternalsOrRawBytes(@ForAll("damagedManifests") String text)
      throws IOException {
    Path file = Files.createTempFile("manifest", ".json");
    try {
      Files.writeString(file, text);
      try {
        JobManifest.at(file).jobs();
      } catch (UncheckedIOException e) {
        String problem = e.getMessage().substring(("the fine-tuning manifest " + file).length());
        assertThat(problem).startsWith(" is damaged: ").contains("or move it aside")
            .doesNotContain("Source").doesNotContain("REDACTED").doesNotContain("Feature")
            .doesNotContain("JsonToken").doesNotContain("java.").doesNotContain("org.emodu").doesNotContain("(code ")
            .hasSizeLessThan(900);
        if (!text.contains("`")) {
          assertThat(problem).doesNotContain("`");
        }
        assertThat(problem.codePoints()).noneMatch(c -> c == '\n' || Character.getType(c) == Character.CONTROL
            || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE);
      }
    } finally {
      Files.delete(file);
    }
  }

  @Provide
  Arbitrary<String> damagedManifests() {
    String manifest = "{\n  \"version\" : 1,\n  \"files\" : {\n    \"abc\" : {\n      \"sha256\" : \"abc\",\n"
        + "      \"file_id\" : \"file-a\",\n      \"file_name\" : \"train.jsonl\",\n      \"bytes\" : 3,\n"
        + "      \"uploaded_at\" : \"2024-11-27T09:30:00Z\"\n    }\n  }\n}\n";
    Arbitrary<String> cut = Arbitraries.integers().between(0, manifest.length()).map(end -> manifest.substring(0, end));
    Arbitrary<String> spliced = Combinators.combine(Arbitraries.integers().between(0, manifest.length()),
            Arbitraries.strings().ofMaxLength(60))
        .as((at, junk) -> manifest.substring(0, at) + junk + manifest.substring(at));
    return Arbitraries.oneOf(cut, spliced, Arbitraries.strings().ofMaxLength(200));
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
