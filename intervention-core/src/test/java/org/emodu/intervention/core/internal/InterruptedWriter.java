package org.emodu.intervention.core.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A process of its own for {@link OutputFilesTest}: {@code hold TARGET} starts writing TARGET, says
 * {@code writing} on standard output once part of it is written, and waits on standard input
 * (until killed); {@code write TARGET} writes TARGET and ends, as a later run would.
 */
public final class InterruptedWriter {

  private InterruptedWriter() {}

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args[1]);
    if (args[0].equals("hold")) {
      OutputFiles.write(target, false, writer -> {
        writer.write("{\"username\": \"Budi\"}\n");
        writer.flush();
        System.out.println("writing");
        System.out.flush();
        System.in.read();
      });
    } else {
      OutputFiles.write(target, false, writer -> writer.write("done\n"));
    }
  }
}
