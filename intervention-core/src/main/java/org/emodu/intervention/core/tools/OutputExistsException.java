package org.emodu.intervention.core.tools;

import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An output file exists and the caller did not allow it to be replaced: the file is left as it was.
 * Pass {@code true} for the write's {@code force} (or {@code replace}) parameter to replace it;
 * {@link #path()} names the file, so an adapter can say how its users allow that.
 */
public class OutputExistsException extends UncheckedIOException {

  private static final long serialVersionUID = 1L;

  private final transient Path path;

  public OutputExistsException(Path path) {
    this(path, new FileAlreadyExistsException(String.valueOf(path)));
  }

  public OutputExistsException(Path path, FileAlreadyExistsException cause) {
    super("already exists: " + Objects.requireNonNull(path, "path") + " (replacing it was not allowed)", cause);
    this.path = path;
  }

  /** The output that exists. */
  public Path path() {
    return path;
  }
}
