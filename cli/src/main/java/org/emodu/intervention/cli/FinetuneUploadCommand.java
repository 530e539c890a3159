package org.emodu.intervention.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.emodu.intervention.finetune.FineTuneClient;
import org.emodu.intervention.finetune.Upload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code intervensi finetune upload FILE}: checks a training file locally, uploads it once, prints its id. */
@Command(
    name = "upload",
    mixinStandardHelpOptions = true,
    description = {
        "Checks a file locally, uploads it for fine-tuning and prints its id.",
        "The file goes up with purpose fine-tune and the command waits until the server has processed it."
            + " A file whose content was uploaded before is not sent again: its id is reused."},
    footer = {"", "Example:", "  intervensi finetune upload data/train-chat.jsonl"})
final class FinetuneUploadCommand implements Callable<Integer> {

  @ParentCommand
  private FinetuneCommand finetune;

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The JSON Lines file in the chat format (intervensi dataset build writes it).")
  private Path file;

  @Override
  public Integer call() throws Exception {
    return finetune.guarded(spec, () -> {
      try (FineTuneClient client = finetune.client()) {
        Upload upload = client.upload(file);
        spec.commandLine().getErr().println("intervensi: " + upload.describe());
        spec.commandLine().getOut().println(upload.fileId());
        return ExitCodes.OK;
      }
    });
  }
}
