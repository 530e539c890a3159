package org.emodu.intervention.evaluation.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.emodu.intervention.core.openai.BatchRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest keeps an experiment's batches across runs, and reads manifests written before it had them. */
class ExperimentManifestBatchesTest {

  private static final Map<String, ExperimentManifest.ProfileSetup> PROFILES =
      Map.of("base", new ExperimentManifest.ProfileSetup("gpt-test", "prompt"));

  @TempDir
  Path directory;

  @Test
  void aManifestWithoutBatchesReadsAsOneThatHasNone() throws IOException {
    Files.writeString(directory.resolve(ExperimentManifest.FILE), """
        {"evaluationSet":"eval.jsonl","evaluationSetSha256":"abc","items":3,"repeat":1,
         "profiles":{"base":{"model":"gpt-test","systemPrompt":"prompt"}}}""");

    assertThat(ExperimentManifest.read(directory).batches()).isEmpty();
  }

  @Test
  void batchesRecordedByOneRunSurviveTheNextRunsReconcile() {
    new ExperimentManifest("eval.jsonl", "abc", 3, 1, PROFILES).reconcile(directory);
    ManifestBatches batches = new ManifestBatches(directory, "base");
    BatchRecord uploaded = new BatchRecord("f".repeat(64), "file-1", "", false);
    batches.record(uploaded);
    batches.record(uploaded.withBatch("batch_1"));

    ExperimentManifest reconciled = new ExperimentManifest("eval.jsonl", "abc", 3, 1, PROFILES).reconcile(directory);

    assertThat(reconciled.batches()).singleElement().satisfies(batch -> {
      assertThat(batch.profile()).isEqualTo("base");
      assertThat(batch.batch().batchId()).isEqualTo("batch_1");
    });
    assertThat(new ManifestBatches(directory, "base").open()).extracting(BatchRecord::batchId).containsExactly("batch_1");
    assertThat(new ManifestBatches(directory, "finetuned").open()).isEmpty();
    batches.record(uploaded.withBatch("batch_1").asCollected());
    assertThat(batches.open()).isEmpty();
    assertThat(batches.collectedBatches()).containsExactly("batch_1");
  }
}
