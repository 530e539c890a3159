package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.finetune.FineTuneClient;
import org.emodu.intervention.finetune.JobSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code intervensi finetune status JOB}: where a job stands, once. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Shows a job: status, models, files, hyperparameters, timing and, for a failed job, why.",
    footer = {"", "Example:", "  intervensi finetune status ftjob-abc123 --json"})
final class FinetuneStatusCommand implements Callable<Integer> {

  @ParentCommand
  private FinetuneCommand finetune;

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "JOB", description = "The job id (ftjob-...).")
  private String jobId;

  @Option(names = "--json", description = "Print the job as JSON.")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    return finetune.guarded(spec, () -> {
      try (FineTuneClient client = finetune.client()) {
        JobSnapshot job = client.status(jobId);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          out.println(Json.mapper().writeValueAsString(job));
        } else {
          print(out, job);
        }
        return ExitCodes.OK;
      }
    });
  }

  static void print(PrintWriter out, JobSnapshot job) {
    row(out, "job", job.id());
    row(out, "status", job.statusLabel());
    row(out, "model", job.model());
    job.fineTunedModel().ifPresent(model -> row(out, "fine-tuned model", model));
    row(out, "training file", job.trainingFile());
    job.validationFile().ifPresent(file -> row(out, "validation file", file));
    if (!job.hyperparameters().isEmpty()) {
      StringBuilder values = new StringBuilder();
      job.hyperparameters().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(entry -> values.append(values.length() == 0 ? "" : ", ").append(entry.getKey()).append('=').append(entry.getValue()));
      row(out, "hyperparameters", values.toString());
    }
    job.suffix().ifPresent(suffix -> row(out, "suffix", suffix));
    job.seed().ifPresent(seed -> row(out, "seed", String.valueOf(seed)));
    row(out, "created", job.createdAt().truncatedTo(ChronoUnit.SECONDS).toString());
    job.estimatedFinish().filter(finish -> !job.status().terminal())
        .ifPresent(finish -> row(out, "estimated finish", finish.toString()));
    job.finishedAt().ifPresent(finished -> row(out, "finished", finished.toString()));
    job.trainedTokens().ifPresent(tokens -> row(out, "trained tokens", String.valueOf(tokens)));
    if (!job.resultFiles().isEmpty()) {
      row(out, "result files", String.join(", ", job.resultFiles()));
    }
    job.error().ifPresent(error -> row(out, "error", error.describe()));
  }

  private static void row(PrintWriter out, String name, String value) {
    out.printf("%-17s %s%n", name, value);
  }
}
