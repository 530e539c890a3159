package org.emodu.intervention.core.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * What a run keeps of a batch it paid for, so that a restart follows the same batch instead of
 * uploading and creating another: the input's content hash, the uploaded input file, the batch once
 * created, and whether its results were taken in. Kept by the caller (an experiment's manifest, an
 * augmentation's journal) through {@link ChatBatch.Journal}.
 *
 * @param inputSha256 the SHA-256 of the batch input file's bytes
 * @param inputFileId the uploaded input file's id
 * @param batchId the batch's id; empty while the input is uploaded but the batch not yet created
 * @param collected whether the batch's results were downloaded and recorded
 */
public record BatchRecord(
    @JsonProperty("input_sha256") String inputSha256,
    @JsonProperty("input_file_id") String inputFileId,
    @JsonProperty("batch_id") String batchId,
    @JsonProperty("collected") boolean collected) {

  public BatchRecord {
    Objects.requireNonNull(inputSha256, "inputSha256");
    Objects.requireNonNull(inputFileId, "inputFileId");
    batchId = batchId == null ? "" : batchId;
  }

  /** Whether the batch was created (its id is known). */
  public boolean created() {
    return !batchId.isEmpty();
  }

  /** This record once the batch {@code id} is created. */
  public BatchRecord withBatch(String id) {
    return new BatchRecord(inputSha256, inputFileId, id, false);
  }

  /** This record once its results are taken in. */
  public BatchRecord asCollected() {
    return new BatchRecord(inputSha256, inputFileId, batchId, true);
  }
}
