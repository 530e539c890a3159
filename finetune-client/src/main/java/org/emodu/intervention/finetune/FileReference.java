package org.emodu.intervention.finetune;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.emodu.intervention.core.internal.Text;

/**
 * A training or validation file given either as a local path, uploaded before the job is created, or
 * as the id of a file already uploaded ({@code file-...}). Exactly one of the two is present.
 */
public record FileReference(Optional<Path> path, Optional<String> fileId) {

  private static final Pattern FILE_ID = Pattern.compile("file-[A-Za-z0-9_-]{1,128}");

  public FileReference {
    path = Objects.requireNonNullElse(path, Optional.empty());
    fileId = Objects.requireNonNullElse(fileId, Optional.empty());
    if (path.isPresent() == fileId.isPresent()) {
      throw new IllegalArgumentException("a file reference holds either a path or a file id");
    }
  }

  public static FileReference ofPath(Path path) {
    return new FileReference(Optional.of(path), Optional.empty());
  }

  public static FileReference ofId(String fileId) {
    if (!FILE_ID.matcher(fileId).matches()) {
      throw new IllegalArgumentException("'" + fileId + "' is not a file id; file ids look like file-7Qm2XyZaBcDe");
    }
    return new FileReference(Optional.empty(), Optional.of(fileId));
  }

  /**
   * What a user typed for {@code option}: an existing file wins, then a {@code file-...} id.
   *
   * @throws IllegalArgumentException naming the option when the text is neither
   */
  public static FileReference parse(String option, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(option + " is empty; give a .jsonl path or an uploaded file id (file-...)");
    }
    String trimmed = text.strip();
    if (namesExistingFile(trimmed)) {
      return ofPath(Path.of(trimmed));
    }
    if (FILE_ID.matcher(trimmed).matches()) {
      return ofId(trimmed);
    }
    String shown = Text.singleLine(trimmed);
    throw new IllegalArgumentException(option + " '" + (shown.length() > 200 ? shown.substring(0, 200) + "..." : shown)
        + "' is neither an existing file nor an uploaded file id (file-...)");
  }

  private static boolean namesExistingFile(String text) {
    try {
      return Files.exists(Path.of(text));
    } catch (InvalidPathException e) {
      // Not a path on this system (a stray character); it may still be a file id.
      return false;
    }
  }

  /** The path or the id, for messages. */
  @Override
  public String toString() {
    return path.map(Path::toString).orElseGet(fileId::orElseThrow);
  }
}
