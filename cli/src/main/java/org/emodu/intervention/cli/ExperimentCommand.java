package org.emodu.intervention.cli;

import java.util.concurrent.Callable;
import org.emodu.intervention.core.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code intervensi experiment}: comparing profiles on an evaluation set. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = "Compares profiles (base, finetuned, offline) on one evaluation set.",
    subcommands = {ExperimentRunCommand.class})
final class ExperimentCommand implements Callable<Integer> {

  @ParentCommand
  private Main main;

  @Spec
  private CommandSpec spec;

  Settings settings() {
    return main.settings();
  }

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("intervensi: experiment needs a subcommand: "
        + String.join(", ", spec.subcommands().keySet()));
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
