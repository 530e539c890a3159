package org.emodu.intervention.cli;

import java.util.concurrent.Callable;
import org.emodu.intervention.finetune.FineTuneClient;
import org.emodu.intervention.finetune.JobSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code intervensi finetune cancel JOB}: stops a job that has not ended. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancels a job that is still validating, queued or running, and prints its new status.",
    footer = {"", "Example:", "  intervensi finetune cancel ftjob-abc123"})
final class FinetuneCancelCommand implements Callable<Integer> {

  @ParentCommand
  private FinetuneCommand finetune;

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "JOB", description = "The job id (ftjob-...).")
  private String jobId;

  @Override
  public Integer call() throws Exception {
    return finetune.guarded(spec, () -> {
      try (FineTuneClient client = finetune.client()) {
        JobSnapshot job = client.cancel(jobId);
        spec.commandLine().getErr().println("intervensi: asked to cancel " + job.id() + "; it is now " + job.statusLabel());
        spec.commandLine().getOut().println(job.id() + " " + job.statusLabel());
        return ExitCodes.OK;
      }
    });
  }
}
