package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.emodu.intervention.core.Settings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  private static final String[] ALL = {"generate", "serve", "finetune", "dataset", "evaluate", "experiment", "doctor",
      "cds-archive", "generate-completion", "help"};

  private static CommandLine commandLine(String... args) {
    return Main.commandLine(new Main(() -> Settings.of(Map.of())), CommandLine.defaultFactory(), args);
  }

  @Test
  void aRunOfOneCommandBuildsThatCommandAlone() {
    assertThat(commandLine("serve", "--port", "0").getSubcommands()).containsOnlyKeys("serve");
    assertThat(commandLine("dataset", "split", "--help").getSubcommands().get("dataset").getSubcommands())
        .containsKeys("import", "split", "validate");
  }

  @Test
  void theOverviewHelpCompletionAndAMistypedCommandSeeEveryCommand() {
    assertThat(commandLine().getSubcommands()).containsOnlyKeys(ALL);
    assertThat(commandLine("--help").getSubcommands()).containsOnlyKeys(ALL);
    assertThat(commandLine("help", "serve").getSubcommands()).containsOnlyKeys(ALL);
    assertThat(commandLine("generate-completion").getSubcommands()).containsOnlyKeys(ALL);
    assertThat(commandLine("serv").getSubcommands()).containsOnlyKeys(ALL);
  }

  @Test
  void theOverviewListsTheCommandsInOrderWithTheCompletionCommandShown() {
    StringWriter out = new StringWriter();
    int code = Main.run(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
        () -> Settings.of(Map.of()));

    assertThat(code).isZero();
    assertThat(out.toString()).containsSubsequence("generate", "serve", "finetune", "dataset", "evaluate", "experiment",
        "doctor", "cds-archive", "generate-completion", "help");
  }

  @Test
  void aMistypedCommandIsAUsageErrorNamingIt() {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"serv"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
        () -> Settings.of(Map.of()));

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("'serv'", "intervensi --help");
  }
}
