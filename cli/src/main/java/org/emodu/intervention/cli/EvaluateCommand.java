package org.emodu.intervention.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code intervensi evaluate}: the evaluation commands, one subcommand each. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Evaluates generated interventions: BERTScore against references, token usage and cost.",
    subcommands = {
        EvaluateBertScoreCommand.class,
        EvaluateUsageCommand.class,
        EvaluateReportCommand.class,
    })
final class EvaluateCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("intervensi: evaluate needs a subcommand: "
        + String.join(", ", spec.subcommands().keySet()));
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
