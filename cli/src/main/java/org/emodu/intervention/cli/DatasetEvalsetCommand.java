package org.emodu.intervention.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.dataset.CorpusFiles;
import org.emodu.intervention.dataset.EvaluationSets;
import org.emodu.intervention.dataset.Renderings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code intervensi dataset evalset}: a corpus (the test split) into an evaluation set. */
@Command(
    name = "evalset",
    mixinStandardHelpOptions = true,
    description = {
        "Writes an evaluation set from a corpus, normally the test side of a split.",
        "Per exemplar: a request seeded Indonesian names, classes and subjects, and the exemplar rendered for it as the reference."},
    footer = {"", "Example:", "  intervensi dataset evalset data/split/test.jsonl -o data/eval.jsonl --seed 42"})
final class DatasetEvalsetCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CORPUS", description = "The exemplar corpus, or 'builtin'.")
  private String input;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The evaluation set to write (JSON Lines).")
  private Path output;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the names, classes and subjects (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--renderings", paramLabel = "N", defaultValue = "1", description = "Requests per exemplar, each with other names (default: ${DEFAULT-VALUE}).")
  private int renderings;

  @Option(names = "--force", description = "Replace the output if it exists.")
  private boolean force;

  @Override
  public Integer call() {
    List<Path> inputs = new ArrayList<>();
    if (!CorpusFiles.isBuiltIn(input)) {
      inputs.add(Path.of(input));
    }
    OutputFiles.checkDistinct(inputs, List.of(output));
    OutputFiles.checkWritable(output, force);
    int records = EvaluationSets.write(CorpusFiles.read(input), new Renderings(seed), renderings, output, force);
    spec.commandLine().getOut().println("wrote " + DatasetCommand.number(records) + " evaluation records to " + output);
    return ExitCodes.OK;
  }
}
