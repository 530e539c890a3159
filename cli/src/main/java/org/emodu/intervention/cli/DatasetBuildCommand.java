package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.dataset.CorpusFiles;
import org.emodu.intervention.dataset.FineTuningFileBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code intervensi dataset build}: a corpus into an OpenAI chat fine-tuning file. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = {
        "Writes a corpus as an OpenAI chat fine-tuning file.",
        "Per exemplar: the system and user messages the profile sends"
            + " at run time (the generator's own code builds them) and the exemplar as the assistant's answer, with"
            + " placeholders filled by seeded Indonesian names, classes and subjects. The profile's prompt follows"
            + " INTERVENSI_FINETUNED_PROMPT_FILE / INTERVENSI_BASE_PROMPT_FILE as the generator does, unless --prompt-file."},
    footer = {"", "Example:", "  intervensi dataset build data/split/train.jsonl -o data/train-chat.jsonl --profile finetuned --seed 42"})
final class DatasetBuildCommand implements Callable<Integer> {

  @ParentCommand
  private DatasetCommand dataset;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CORPUS", description = "The exemplar corpus, or 'builtin'.")
  private String input;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The fine-tuning file to write (JSON Lines).")
  private Path output;

  @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "finetuned",
      description = "finetuned (the short prompt) or base (the long instruction prompt) (default: ${DEFAULT-VALUE}).")
  private String profile;

  @Option(names = "--prompt-file", paramLabel = "FILE", description = "The system prompt to use instead of the profile's.")
  private Path promptFile;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the names, classes and subjects (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--renderings", paramLabel = "N", defaultValue = "1", description = "Examples per exemplar, each with other names (default: ${DEFAULT-VALUE}).")
  private int renderings;

  @Option(names = "--force", description = "Replace the output if it exists.")
  private boolean force;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Path> inputs = new ArrayList<>();
    if (!CorpusFiles.isBuiltIn(input)) {
      inputs.add(Path.of(input));
    }
    if (promptFile != null) {
      inputs.add(promptFile);
    }
    OutputFiles.checkDistinct(inputs, List.of(output));
    OutputFiles.checkWritable(output, force);
    PromptProfile chosen = FineTuningFileBuilder.profile(profile, dataset.settings());
    if (promptFile != null) {
      chosen = chosen.withPromptFile(promptFile);
    }
    FineTuningFileBuilder builder = new FineTuningFileBuilder(chosen).seed(seed).renderings(renderings);
    int examples = builder.write(CorpusFiles.read(input), output, force);
    out.println("wrote " + DatasetCommand.number(examples) + " examples to " + output + " (profile " + chosen.name() + ")");
    return ExitCodes.OK;
  }
}
