package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.emodu.intervention.core.Settings;
import org.junit.jupiter.api.Test;

class VersionTest {

  @Test
  void namesTheToolkitAndTheJavaRuntimeThatRunsIt() {
    StringWriter out = new StringWriter();
    int code = Main.run(
        new String[] {"--version"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
        () -> Settings.of(Map.of()));

    assertThat(code).isZero();
    // The unit tests run from target/classes, which has no manifest and so no version.
    assertThat(out.toString().lines())
        .containsExactly(
            "intervensi (development build)",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.home") + ")");
  }
}
