package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.openai.OpenAiConnection;
import org.emodu.intervention.finetune.DuplicateJobException;
import org.emodu.intervention.finetune.FineTuneClient;
import org.emodu.intervention.finetune.FineTuneException;
import org.emodu.intervention.finetune.FollowAbandonedException;
import org.emodu.intervention.finetune.JobManifest;
import org.emodu.intervention.finetune.MetricsFormatException;
import org.emodu.intervention.finetune.Pause;
import org.emodu.intervention.finetune.PollPolicy;
import org.emodu.intervention.finetune.TrainingFileChecks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code intervensi finetune}: fine-tuning through the OpenAI API (or any server that speaks it),
 * without paying twice. A thin layer over {@link FineTuneClient}; the subcommands share the manifest
 * option, the client and the translation of refusals into exit codes.
 */
@Command(
    name = "finetune",
    mixinStandardHelpOptions = true,
    description = {
        "Fine-tunes a model: upload, create, follow, then read back the metrics.",
        "Uploads and jobs are recorded in a manifest, so repeating a command never pays twice."},
    subcommands = {
        FinetuneUploadCommand.class, FinetuneCreateCommand.class, FinetuneFollowCommand.class,
        FinetuneStatusCommand.class, FinetuneListCommand.class, FinetuneCancelCommand.class,
        FinetuneCheckpointsCommand.class, FinetuneMetricsCommand.class},
    footer = {
        "",
        "The whole path (intervensi dataset build writes the training file):",
        "  intervensi finetune create --training-file data/train-chat.jsonl",
        "  intervensi finetune follow ftjob-... --env-file .env",
        "  intervensi finetune metrics ftjob-... --out results",
        "",
        "Settings: OPENAI_API_KEY (required), OPENAI_BASE_URL, " + JobManifest.SETTING + ",",
        "  " + Settings.TIMEOUT_MS + " (the most one request may take; one that runs out of it is not sent again),",
        "  " + Settings.MAX_RETRIES + " (retries of 429, 5xx and lost connections; paid requests are looked for first)."})
final class FinetuneCommand implements Callable<Integer> {

  /** {@code follow}: the job was cancelled. */
  static final int JOB_CANCELLED = 4;
  /** {@code follow}: the server stayed out of reach; the job goes on and can be followed again. */
  static final int FOLLOW_STOPPED = 3;

  @ParentCommand
  private Main main;

  @Spec
  private CommandSpec spec;

  @Option(names = "--manifest", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "The job manifest (default: $" + JobManifest.SETTING + " or .intervensi/finetune-manifest.json).")
  private Path manifest;

  private final Pause pause;
  private final Clock clock;

  FinetuneCommand() {
    this(Pause.system(), Clock.systemUTC());
  }

  /** For tests: waits that do not sleep and a clock they control. */
  FinetuneCommand(Pause pause, Clock clock) {
    this.pause = pause;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "choose what to do: upload, create, follow, status, list, cancel, checkpoints or metrics");
  }

  /**
   * A client on the settings' connection and manifest. Files are checked by
   * {@link TrainingFileChecks#standard()} before every upload.
   */
  FineTuneClient client(PollPolicy pollPolicy) {
    main.settings().require("fine-tuning", Settings.OPENAI_API_KEY);
    return FineTuneClient.builder(OpenAiConnection.fromSettings(main.settings()))
        .manifest(JobManifest.locate(Optional.ofNullable(manifest), main.settings()))
        .trainingFileCheck(TrainingFileChecks.standard())
        .clock(clock)
        .pause(pause)
        .pollPolicy(pollPolicy)
        .build();
  }

  FineTuneClient client() {
    return client(PollPolicy.STANDARD);
  }

  /**
   * Runs a subcommand's work and turns the workflow's refusals into messages and exit codes; API
   * failures and bad input are left to {@link Failures}.
   */
  int guarded(CommandSpec command, Callable<Integer> work) throws Exception {
    PrintWriter err = command.commandLine().getErr();
    try {
      return work.call();
    } catch (DuplicateJobException e) {
      err.println("intervensi: " + e.getMessage());
      err.println("intervensi: follow it with: intervensi finetune follow " + e.existing().jobId()
          + "  (or pass --force to create another)");
      return ExitCodes.USAGE;
    } catch (FollowAbandonedException e) {
      err.println("intervensi: " + e.getMessage());
      err.println("intervensi: resume with: intervensi finetune follow " + e.jobId());
      return FOLLOW_STOPPED;
    } catch (FineTuneException | MetricsFormatException e) {
      err.println("intervensi: " + e.getMessage());
      return ExitCodes.FAILED;
    }
  }
}
