package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.tools.IllegalParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The libraries' messages name their parameters; the command line names its options instead. */
class FailuresTest {

  @TempDir
  Path directory;

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), () -> Settings.of(Map.of()));
  }

  private static CommandSpec command(String... names) {
    CommandLine commandLine = Main.commandLine(new Main(() -> Settings.of(Map.of())), CommandLine.defaultFactory());
    for (String name : names) {
      commandLine = commandLine.getSubcommands().get(name);
    }
    return commandLine.getCommandSpec();
  }

  @Test
  void aLibraryParameterIsNamedAsTheOptionThatSetsIt() {
    int code = run("dataset", "split", "builtin", "--test", "1.5", "--out-dir", directory.resolve("split").toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("intervensi: --test must be a fraction above 0 and below 1 such as 0.2, got 1.5")
        .doesNotContain("testFraction");
  }

  @Test
  void aParameterInCamelCaseIsItsOptionInKebabCaseWhenTheCommandHasOne() {
    IllegalParameterException perItem = new IllegalParameterException("perItem", "must be from 1 to 100, got 0");
    IllegalParameterException maxTokens = new IllegalParameterException("maxTokens", "must be at least 1, got 0");

    assertThat(Failures.message(perItem, command("dataset", "augment"))).isEqualTo("--per-item must be from 1 to 100, got 0");
    assertThat(Failures.message(maxTokens, command("dataset", "augment"))).isEqualTo("maxTokens must be at least 1, got 0");
    assertThat(Failures.message(perItem, command("dataset", "split"))).isEqualTo("perItem must be from 1 to 100, got 0");
    assertThat(OptionNames.option(command("experiment", "run"), "repeat")).contains("--repeat");
    assertThat(OptionNames.option(command("dataset", "evalset"), "perExemplar")).contains("--renderings");
  }

  @Test
  void unmappedCsvColumnsAreToBeNamedWithTheMapOption() throws IOException {
    Path csv = Files.writeString(directory.resolve("e.csv"), "emotion,kalimat\nbosan,x\n");

    int code = run("dataset", "import", csv.toString(), "-o", directory.resolve("e.jsonl").toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("the header has no column for reinforcement, arcs",
        "; name them with --map FIELD=COLUMN (for example --map text=\"Kalimat Motivasi\")");
  }

  @Test
  void aMissingExperimentIsToBeRunWithTheCommandThatRunsOne() throws IOException {
    Path experiment = Files.createDirectories(directory.resolve("experiment"));

    int code = run("evaluate", "report", "--experiment", experiment.toString(), "--out", directory.resolve("r.html").toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains(experiment + " holds no summary.json; run: intervensi experiment run --out " + experiment);
  }

  @Test
  void aPortInUseIsToBeChangedWithThePortOption() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code = run("serve", "--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()), "--profile", "offline");

      assertThat(code).isEqualTo(ExitCodes.FAILED);
      assertThat(err.toString()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()
          + ": the port is in use or needs privileges; choose another with --port or PORT");
    }
  }
}
