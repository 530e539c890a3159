package org.emodu.intervention.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the command line writes to a terminal, where progress bars may redraw their line. */
final class Terminal {

  private Terminal() {}

  /**
   * Whether standard error is a terminal. {@link System#console()} needs standard input and output to
   * be terminals too, so a command whose output is piped ({@code | tail}) would lose its bar; on Linux
   * the descriptor's link says where standard error goes.
   */
  static boolean standardErrorIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }
}
