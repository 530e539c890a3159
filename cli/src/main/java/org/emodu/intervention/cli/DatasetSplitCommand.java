package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.dataset.CorpusFiles;
import org.emodu.intervention.dataset.DatasetSplit;
import org.emodu.intervention.dataset.Splitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code intervensi dataset split}: train and test corpora without leakage. */
@Command(
    name = "split",
    mixinStandardHelpOptions = true,
    description = {
        "Splits a corpus into train and test corpora without leakage.",
        "Stratified by emotion x reinforcement x ARCS and grouped"
            + " by source_id: an exemplar and all its variants land on one side only. Writes train.jsonl, test.jsonl"
            + " and split-manifest.json (counts per stratum) into --out-dir; build each side with 'dataset build'."},
    footer = {"", "Example:", "  intervensi dataset split data/clean.jsonl --test 0.2 --seed 42 --out-dir data/split"})
final class DatasetSplitCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CORPUS", description = "The exemplar corpus to split, or 'builtin'.")
  private String input;

  @Option(names = "--test", paramLabel = "FRACTION", defaultValue = "0.2", description = "The test side's share of each stratum (default: ${DEFAULT-VALUE}).")
  private double test;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the shuffle (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--out-dir", required = true, paramLabel = "DIR", description = "Where train.jsonl, test.jsonl and split-manifest.json go.")
  private Path outDir;

  @Option(names = "--force", description = "Replace the outputs if they exist.")
  private boolean force;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path train = outDir.resolve("train.jsonl");
    Path testFile = outDir.resolve("test.jsonl");
    Path manifest = outDir.resolve("split-manifest.json");
    OutputFiles.checkDistinct(CorpusFiles.isBuiltIn(input) ? List.of() : List.of(Path.of(input)), List.of(train, testFile, manifest));
    Splitter splitter = new Splitter(test, seed);
    List<Exemplar> exemplars = CorpusFiles.read(input);
    DatasetSplit split = splitter.split(exemplars);
    Splitter.write(split, train, testFile, manifest, force);
    out.println("train: " + DatasetCommand.number(split.manifest().trainItems()) + " exemplars in "
        + DatasetCommand.number(split.manifest().trainGroups()) + " source groups -> " + train);
    out.println("test:  " + DatasetCommand.number(split.manifest().testItems()) + " exemplars in "
        + DatasetCommand.number(split.manifest().testGroups()) + " source groups -> " + testFile);
    out.println("strata: " + split.manifest().strata().size() + "; counts per stratum in " + manifest);
    if (split.test().isEmpty() || split.train().isEmpty()) {
      DatasetCommand.notice(spec.commandLine().getErr(), "warning: the " + (split.test().isEmpty() ? "test" : "train")
          + " side is empty: " + exemplars.size() + " exemplar(s) are too few for --test " + test);
    }
    return ExitCodes.OK;
  }
}
