package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.finetune.FineTuneClient;
import org.emodu.intervention.finetune.JobSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code intervensi finetune list}: the account's recent jobs, newest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Lists the most recent fine-tuning jobs, newest first.",
    footer = {"", "Example:", "  intervensi finetune list --limit 5"})
final class FinetuneListCommand implements Callable<Integer> {

  @ParentCommand
  private FinetuneCommand finetune;

  @Spec
  private CommandSpec spec;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many jobs, 1 to 1000 (default: ${DEFAULT-VALUE}).")
  private int limit;

  @Option(names = "--json", description = "Print one JSON object per job, a line each.")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    return finetune.guarded(spec, () -> {
      try (FineTuneClient client = finetune.client()) {
        List<JobSnapshot> jobs = client.list(limit);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          for (JobSnapshot job : jobs) {
            out.println(Json.mapper().writeValueAsString(job));
          }
        } else if (jobs.isEmpty()) {
          spec.commandLine().getErr().println("intervensi: no fine-tuning jobs yet");
        } else {
          out.printf("%-32s %-16s %-26s %-20s %s%n", "JOB", "STATUS", "MODEL", "CREATED", "FINE-TUNED MODEL");
          for (JobSnapshot job : jobs) {
            out.printf("%-32s %-16s %-26s %-20s %s%n", job.id(), job.statusLabel(), job.model(),
                job.createdAt().truncatedTo(ChronoUnit.SECONDS), job.fineTunedModel().orElse("-"));
          }
        }
        return ExitCodes.OK;
      }
    });
  }
}
