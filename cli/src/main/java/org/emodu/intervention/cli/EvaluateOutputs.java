package org.emodu.intervention.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Guards the rule that a command never writes over one of its own inputs, even with --force. */
final class EvaluateOutputs {

  private EvaluateOutputs() {}

  static void checkNotAnInput(Path output, List<Path> inputs) {
    for (Path input : inputs) {
      boolean same;
      try {
        same = Files.exists(output) && Files.exists(input) ? Files.isSameFile(output, input)
            : output.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot compare " + output + " with " + input + ": " + e.getMessage(), e);
      }
      if (same) {
        throw new IllegalArgumentException("the output " + output + " is one of the inputs; inputs are never"
            + " overwritten, so choose another --out file");
      }
    }
  }
}
