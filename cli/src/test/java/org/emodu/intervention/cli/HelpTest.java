package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.emodu.intervention.core.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command's help is whole: summaries are sentences, and picocli wraps the text to the width. */
class HelpTest {

  static Stream<String> commands() {
    List<String> names = new ArrayList<>();
    collect(new CommandLine(new Main(() -> Settings.of(java.util.Map.of()))), "", names);
    return names.stream();
  }

  private static void collect(CommandLine command, String prefix, List<String> names) {
    names.add(prefix.strip());
    command.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help") && sub.getCommandSpec().name().equals(name)) {
        collect(sub, prefix + " " + name, names);
      }
    });
  }

  private static String help(String command) {
    List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");
    StringWriter out = new StringWriter();
    int code = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(new StringWriter()),
        () -> Settings.of(java.util.Map.of()));
    assertThat(code).isZero();
    return out.toString();
  }

  @ParameterizedTest(name = "intervensi {0} --help")
  @MethodSource("commands")
  void helpLinesFitTheWidthAndEveryDescriptionParagraphEndsASentence(String command) {
    String help = help(command);

    assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(Main.HELP_WIDTH));
    CommandLine.Model.CommandSpec spec = spec(command);
    for (String paragraph : spec.usageMessage().description()) {
      if (!paragraph.isBlank() && !paragraph.startsWith("  ")) {
        assertThat(paragraph.strip()).as("a paragraph of %s's description", command).matches("(?s).*[.:)]$");
      }
    }
  }

  private static CommandLine.Model.CommandSpec spec(String command) {
    CommandLine line = new CommandLine(new Main(() -> Settings.of(java.util.Map.of())));
    if (!command.isEmpty()) {
      for (String name : command.split(" ")) {
        line = line.getSubcommands().get(name);
      }
    }
    return line.getCommandSpec();
  }
}
