package org.emodu.intervention.finetune;

import java.time.Instant;
import java.util.Objects;

/**
 * An upload that was started but not yet recorded as done. If the process dies while the file is in
 * flight, the next upload of the same content looks for it on the server before sending it again.
 */
record PendingUpload(String sha256, String fileName, long bytes, Instant startedAt) {

  PendingUpload {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(startedAt, "startedAt");
  }
}
