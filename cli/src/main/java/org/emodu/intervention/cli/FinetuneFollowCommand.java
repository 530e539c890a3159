package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.finetune.Durations;
import org.emodu.intervention.finetune.FineTuneClient;
import org.emodu.intervention.finetune.JobSnapshot;
import org.emodu.intervention.finetune.PollPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code intervensi finetune follow JOB}: events as they come, a progress bar, and an exit code per outcome. */
@Command(
    name = "follow",
    mixinStandardHelpOptions = true,
    description = {
        "Follows a job to its end, printing each event once.",
        "Events come oldest first, on stdout; the training progress is drawn on stderr when it is a terminal"
            + " (a line per status change otherwise). Only on success is the last line on stdout "
            + Settings.OPENAI_FINE_TUNED_MODEL + "=ft:..., and --env-file FILE sets that variable in FILE (replacing"
            + " its earlier value, keeping every other line); a failed or cancelled job leaves the file as it was."
            + " Exit codes: 0 succeeded, 1 failed, 4 cancelled, 3 the server stayed out of reach (the job goes on;"
            + " follow it again later)."},
    footer = {"", "Example:", "  intervensi finetune follow ftjob-abc123 --env-file .env"})
final class FinetuneFollowCommand implements Callable<Integer> {

  private static final Duration SHORTEST_LIMIT = Duration.ofSeconds(1);
  private static final Duration LONGEST_LIMIT = Duration.ofHours(24);

  @ParentCommand
  private FinetuneCommand finetune;

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "JOB", description = "The job id (ftjob-...).")
  private String jobId;

  @Option(names = "--give-up-after", paramLabel = "DURATION", defaultValue = "15m",
      description = "Stop following after this long without an answer from the server, from 1s to 24h: 90s, 2m, 1h,"
          + " 1h30m, PT90S, or a bare number of minutes (default: ${DEFAULT-VALUE}).")
  private String giveUpAfter;

  @Option(names = "--no-progress", description = "No progress bar, only lines (for logs).")
  private boolean noProgress;

  @Option(names = "--env-file", paramLabel = "FILE",
      description = "On success, set " + Settings.OPENAI_FINE_TUNED_MODEL + " in this .env file (created when missing),"
          + " replacing its earlier value and keeping every other line; untouched unless the job succeeded.")
  private Path envFile;

  @Override
  public Integer call() throws Exception {
    Duration limit = Durations.parse("--give-up-after", giveUpAfter, ChronoUnit.MINUTES);
    if (limit.compareTo(SHORTEST_LIMIT) < 0 || limit.compareTo(LONGEST_LIMIT) > 0) {
      throw new IllegalArgumentException("--give-up-after must be from 1s to 24h, got '" + giveUpAfter.strip() + "'");
    }
    PollPolicy policy = PollPolicy.STANDARD.withGiveUpAfter(limit);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (envFile != null && Files.exists(envFile)) {
      // A malformed file is found before the job is followed, not after hours of training.
      Settings.checkEnvFile(envFile);
    }
    return finetune.guarded(spec, () -> {
      JobSnapshot job;
      try (FineTuneClient client = finetune.client(policy);
          ConsoleFollower follower = new ConsoleFollower(out, err, !noProgress && Terminal.standardErrorIsTerminal())) {
        job = client.follow(jobId, follower);
      }
      return switch (job.status()) {
        case SUCCEEDED -> {
          String model = job.fineTunedModel().orElse("");
          err.println("intervensi: " + job.id() + " succeeded; the fine-tuned model is " + model);
          if (envFile != null) {
            Settings.writeToEnvFile(envFile, Settings.OPENAI_FINE_TUNED_MODEL, model);
            err.println("intervensi: set " + Settings.OPENAI_FINE_TUNED_MODEL + " in " + envFile
                + "; generate with --profile finetuned");
          } else {
            err.println("intervensi: put the line below in .env (or the environment), or pass --env-file .env,"
                + " and generate with --profile finetuned");
          }
          out.println(Settings.OPENAI_FINE_TUNED_MODEL + "=" + model);
          yield ExitCodes.OK;
        }
        case CANCELLED -> {
          err.println("intervensi: " + job.id() + " was cancelled");
          yield FinetuneCommand.JOB_CANCELLED;
        }
        default -> {
          err.println("intervensi: " + job.id() + " failed"
              + job.error().map(error -> ": " + error.describe()).orElse(" without saying why"));
          yield ExitCodes.FAILED;
        }
      };
    });
  }
}
