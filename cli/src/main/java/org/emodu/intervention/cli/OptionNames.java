package org.emodu.intervention.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command line's names for library parameters. A library names a parameter as its builder
 * method or Java parameter ({@code perItem}); the command line's option for it is that name in
 * kebab case ({@code --per-item}), or one of the few {@linkplain #RENAMED renamed} ones. Only
 * options the command has are named: a parameter the command does not expose keeps its own name.
 */
final class OptionNames {

  /** Library parameters whose option is not their own name in kebab case. */
  private static final Map<String, String> RENAMED = Map.of(
      "testFraction", "--test",
      "perExemplar", "--renderings");

  private OptionNames() {}

  /** The option of {@code command} that sets {@code parameter}, if it has one. */
  static Optional<String> option(CommandSpec command, String parameter) {
    if (command == null) {
      return Optional.empty();
    }
    List<String> candidates = Stream.of(RENAMED.get(parameter), "--" + kebabCase(parameter))
        .filter(name -> name != null).toList();
    return candidates.stream().filter(name -> command.findOption(name) != null).findFirst();
  }

  /** {@code perItem} as {@code per-item}. */
  static String kebabCase(String parameter) {
    return parameter.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
