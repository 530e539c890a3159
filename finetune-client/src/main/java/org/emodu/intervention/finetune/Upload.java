package org.emodu.intervention.finetune;

import java.nio.file.Path;
import java.util.Objects;

/** A local file and the id it has on the server, with how that id came about. */
public record Upload(String fileId, Path file, String sha256, long bytes, Outcome outcome) {

  public Upload {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** How the upload went. */
  public enum Outcome {
    /** The file was sent now. */
    UPLOADED,
    /** The manifest knew a file with the same content; nothing was sent. */
    REUSED,
    /** An earlier upload was cut off before it was recorded; the server had it, so nothing was sent. */
    RECOVERED,
    /** The manifest knew the content, but the server no longer had the file; it was sent again. */
    REPLACED,
    /**
     * An earlier upload was cut off before it was recorded and no file on the server is provably it (same
     * content hash in its name, same size, created since); the file was sent again rather than adopt a guess.
     */
    RESENT,
    /**
     * An earlier upload was cut off before it was recorded and the server does not list its files, so
     * whether it arrived cannot be checked; the file was sent again.
     */
    RESENT_UNCHECKED
  }

  /** One sentence for the user: what happened to which file. */
  public String describe() {
    String name = file.getFileName().toString();
    return switch (outcome) {
      case UPLOADED -> "uploaded " + name + " (" + bytes + " bytes) as " + fileId;
      case REUSED -> name + " was already uploaded as " + fileId + " (same content); reusing it";
      case RECOVERED -> name + " reached the server as " + fileId + " before an earlier run stopped; reusing it";
      case REPLACED -> "the server no longer had the earlier upload of " + name + "; uploaded it again as " + fileId;
      case RESENT -> "an earlier upload of " + name + " was cut off and no file on the server is provably it; uploaded it"
          + " anew as " + fileId + " (if the earlier one did arrive, it is a spare copy you may delete)";
      case RESENT_UNCHECKED -> "an earlier upload of " + name + " was cut off, and the server does not list its files, so"
          + " whether it arrived cannot be checked; uploaded it anew as " + fileId
          + " (if the earlier one did arrive, it is a spare copy you may delete)";
    };
  }
}
