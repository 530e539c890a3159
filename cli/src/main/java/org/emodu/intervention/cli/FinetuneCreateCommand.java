package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.emodu.intervention.finetune.CreatedJob;
import org.emodu.intervention.finetune.FileReference;
import org.emodu.intervention.finetune.FineTuneClient;
import org.emodu.intervention.finetune.Hyperparameters;
import org.emodu.intervention.finetune.JobRequest;
import org.emodu.intervention.finetune.JobSnapshot;
import org.emodu.intervention.finetune.Upload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code intervensi finetune create}: a supervised fine-tuning job, never the same one twice. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
        "Creates a supervised fine-tuning job and prints its id.",
        "A path is checked and uploaded first. Refuses (exit 2) when the manifest holds a queued, running"
            + " or succeeded job with the same files and parameters; --force creates another anyway."},
    footer = {
        "",
        "Examples:",
        "  intervensi finetune create --training-file data/train-chat.jsonl --suffix intervensi",
        "  intervensi finetune create --training-file file-7Qm2XyZaBcDe --validation-file data/valid.jsonl \\",
        "      --model gpt-4o-mini-2024-07-18 --epochs 3 --learning-rate-multiplier 2 --seed 42"})
final class FinetuneCreateCommand implements Callable<Integer> {

  @ParentCommand
  private FinetuneCommand finetune;

  @Spec
  private CommandSpec spec;

  @Option(names = "--training-file", required = true, paramLabel = "ID|PATH",
      description = "The training file: a .jsonl path (uploaded first) or an uploaded file id (file-...).")
  private String trainingFile;

  @Option(names = "--validation-file", paramLabel = "ID|PATH", description = "A validation file, the same way.")
  private String validationFile;

  @Option(names = "--model", paramLabel = "MODEL", defaultValue = JobRequest.DEFAULT_MODEL,
      description = "The base model (default: ${DEFAULT-VALUE}).")
  private String model;

  @Option(names = "--epochs", paramLabel = "N|auto", defaultValue = "auto", description = "Epochs, 1 to 50 (default: auto).")
  private String epochs;

  @Option(names = "--batch-size", paramLabel = "N|auto", defaultValue = "auto", description = "Batch size, 1 to 256 (default: auto).")
  private String batchSize;

  @Option(names = "--learning-rate-multiplier", paramLabel = "X|auto", defaultValue = "auto",
      description = "Learning-rate multiplier, above 0 and at most 10 (default: auto).")
  private String learningRateMultiplier;

  @Option(names = "--suffix", paramLabel = "S", description = "Up to 64 characters added to the fine-tuned model's name.")
  private String suffix;

  @Option(names = "--seed", paramLabel = "N", description = "Makes the training repeatable.")
  private Long seed;

  @Option(names = "--force", description = "Create the job even if an identical one is queued, running or done.")
  private boolean force;

  @Override
  public Integer call() throws Exception {
    JobRequest.Builder request = JobRequest.builder(reference("--training-file", trainingFile))
        .model(model)
        .hyperparameters(Hyperparameters.parse(epochs, batchSize, learningRateMultiplier))
        .suffix(suffix)
        .seed(seed)
        .force(force);
    if (validationFile != null) {
      request.validationFile(reference("--validation-file", validationFile));
    }
    JobRequest built = request.build();
    return finetune.guarded(spec, () -> {
      try (FineTuneClient client = finetune.client()) {
        CreatedJob created = client.create(built);
        PrintWriter err = spec.commandLine().getErr();
        created.trainingUpload().map(Upload::describe).ifPresent(text -> err.println("intervensi: " + text));
        created.validationUpload().map(Upload::describe).ifPresent(text -> err.println("intervensi: " + text));
        JobSnapshot job = created.job();
        err.println("intervensi: " + (created.recovered()
            ? job.id() + " was created by an earlier run that stopped before recording it; it is " + job.statusLabel()
            : "created " + job.id() + " (" + job.statusLabel() + ") on " + job.model()));
        err.println("intervensi: follow it with: intervensi finetune follow " + job.id() + " --env-file .env");
        spec.commandLine().getOut().println(job.id());
        return ExitCodes.OK;
      }
    });
  }

  /**
   * The file or file id given to {@code option}; a path that is not there fails as a missing input
   * does in every command ({@code cannot read FILE: no such file}, exit 1).
   */
  private static FileReference reference(String option, String text) {
    String trimmed = text == null ? "" : text.strip();
    if (!trimmed.startsWith("file-") && (trimmed.contains("/") || trimmed.contains(".")) && !Files.exists(Path.of(trimmed))) {
      throw new UncheckedIOException(new NoSuchFileException(trimmed));
    }
    return FileReference.parse(option, text);
  }
}
