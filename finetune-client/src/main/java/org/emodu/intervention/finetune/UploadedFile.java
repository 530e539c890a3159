package org.emodu.intervention.finetune;

import java.time.Instant;
import java.util.Objects;

/** A training or validation file the manifest knows as uploaded: its content hash and the id the server gave it. */
public record UploadedFile(String sha256, String fileId, String fileName, long bytes, Instant uploadedAt) {

  public UploadedFile {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(uploadedAt, "uploadedAt");
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes cannot be negative, got " + bytes);
    }
  }
}
