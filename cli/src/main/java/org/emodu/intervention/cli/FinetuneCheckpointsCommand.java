package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.finetune.Checkpoint;
import org.emodu.intervention.finetune.FineTuneClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code intervensi finetune checkpoints JOB}: the models saved along the way, with their losses. */
@Command(
    name = "checkpoints",
    mixinStandardHelpOptions = true,
    description = {
        "Lists a job's checkpoints with their losses.",
        "One checkpoint is saved per epoch; each is a model of its own: set OPENAI_FINE_TUNED_MODEL to"
            + " its name to try it."},
    footer = {"", "Example:", "  intervensi finetune checkpoints ftjob-abc123"})
final class FinetuneCheckpointsCommand implements Callable<Integer> {

  @ParentCommand
  private FinetuneCommand finetune;

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "JOB", description = "The job id (ftjob-...).")
  private String jobId;

  @Option(names = "--json", description = "Print one JSON object per checkpoint, a line each.")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    return finetune.guarded(spec, () -> {
      try (FineTuneClient client = finetune.client()) {
        List<Checkpoint> checkpoints = client.checkpoints(jobId);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          for (Checkpoint checkpoint : checkpoints) {
            out.println(Json.mapper().writeValueAsString(checkpoint));
          }
        } else if (checkpoints.isEmpty()) {
          spec.commandLine().getErr().println("intervensi: " + jobId + " has no checkpoints yet (one is saved per epoch)");
        } else {
          out.printf("%6s  %10s  %10s  %15s  %s%n", "STEP", "TRAIN LOSS", "VALID LOSS", "FULL VALID LOSS", "CHECKPOINT MODEL");
          for (Checkpoint checkpoint : checkpoints) {
            out.printf("%6d  %10s  %10s  %15s  %s%n", checkpoint.step(), number(checkpoint.trainLoss()),
                number(checkpoint.validLoss()), number(checkpoint.fullValidLoss()), checkpoint.model());
          }
        }
        return ExitCodes.OK;
      }
    });
  }

  private static String number(Optional<Double> value) {
    return value.map(number -> String.format(Locale.ROOT, "%.4f", number)).orElse("-");
  }
}
