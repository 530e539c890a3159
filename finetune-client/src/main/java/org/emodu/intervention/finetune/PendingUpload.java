package org.emodu.intervention.finetune;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An upload that was started but not yet recorded as done. If the process dies while the file is in
 * flight, the next upload of the same content looks for it on the server before sending it again, by
 * {@code uploadName}: the name it was sent under, which carries a short hash of the content (see
 * {@link UploadName}). Entries left by versions that sent the bare file name have no upload name;
 * nothing on the server can be proven to be theirs.
 */
record PendingUpload(String sha256, String fileName, long bytes, Instant startedAt, Optional<String> uploadName) {

  PendingUpload {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(startedAt, "startedAt");
    uploadName = Objects.requireNonNullElse(uploadName, Optional.empty());
  }
}
