package org.emodu.intervention.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.dataset.AugmentationMethod;
import org.emodu.intervention.dataset.AugmentationResult;
import org.emodu.intervention.dataset.Augmenter;
import org.emodu.intervention.dataset.Cleaner;
import org.emodu.intervention.dataset.CleaningResult;
import org.emodu.intervention.dataset.CorpusFiles;
import org.emodu.intervention.dataset.DatasetSplit;
import org.emodu.intervention.dataset.FileStatistics;
import org.emodu.intervention.dataset.FineTuningFileBuilder;
import org.emodu.intervention.dataset.FineTuningFileValidator;
import org.emodu.intervention.dataset.Splitter;
import org.emodu.intervention.dataset.ValidationReport;

/**
 * The dataset tools as a library, on the built-in corpus: augment by synonym replacement (every
 * variant through the quality gate), clean, build a fine-tuning file and validate it, then split
 * without leakage and build and validate the train and test files. Runs offline; writes into the
 * directory given as the first argument (a new temporary directory by default).
 *
 * <pre>{@code
 * mvn -q -B -DskipTests package
 * java -cp "examples/target/classes:cli/target/lib/*" org.emodu.intervention.examples.DatasetPipelineExample out/
 * }</pre>
 */
public final class DatasetPipelineExample {

  private DatasetPipelineExample() {}

  public static void main(String[] args) throws IOException {
    Path directory = args.length > 0 ? Files.createDirectories(Path.of(args[0])) : Files.createTempDirectory("intervensi-dataset");
    boolean force = true;

    // 1. Augment: every built-in exemplar gets up to two variants per local method, seeded.
    AugmentationResult augmented = Augmenter.builder()
        .methods(AugmentationMethod.local())
        .perItem(2)
        .seed(42)
        .build()
        .augment(ExemplarCorpus.builtIn().exemplars());
    System.out.printf("augment: %d exemplars + %d variants, %d dropped %s%n",
        augmented.exemplars().size() - augmented.added(), augmented.added(), augmented.dropped(), augmented.droppedByReason());

    // 2. Clean: normalise texts, drop policy breakers and (near-)duplicates across source groups.
    CleaningResult cleaned = Cleaner.standard().clean(augmented.exemplars());
    CorpusFiles.write(directory.resolve("clean.jsonl"), cleaned.kept(), force);
    System.out.printf("clean: kept %d, dropped %s%n", cleaned.kept().size(), cleaned.droppedByReason());

    // 3. Build: the fine-tuned profile's own messages plus each exemplar as the answer.
    FineTuningFileBuilder builder = new FineTuningFileBuilder(PromptProfile.fineTuned("gpt-3.5-turbo")).seed(42);
    Path all = directory.resolve("all-chat.jsonl");
    int examples = builder.write(cleaned.kept(), all, force);

    // 4. Validate: the checks OpenAI documents, and the statistics with a cost estimate.
    FineTuningFileValidator validator = new FineTuningFileValidator();
    ValidationReport report = validator.validate(all);
    FileStatistics statistics = report.statistics();
    System.out.printf("build + validate: %d examples in %s, valid %s, %,d tokens, median %.0f tokens per example,"
            + " %d epochs by default, about $%.2f at $8 per million training tokens%n",
        examples, all, report.valid(), statistics.totalTokens(), statistics.tokensPerExample().median(),
        statistics.defaultEpochs(), statistics.cost(statistics.defaultEpochs(), 8.0));

    // 5. Split: 80/20 per emotion x reinforcement x ARCS, each exemplar with all its variants on one side.
    DatasetSplit split = new Splitter(0.2, 42).split(cleaned.kept());
    Splitter.write(split, directory.resolve("train.jsonl"), directory.resolve("test.jsonl"),
        directory.resolve("split-manifest.json"), force);
    for (String side : List.of("train", "test")) {
      List<Exemplar> exemplars = side.equals("train") ? split.train() : split.test();
      Path chat = directory.resolve(side + "-chat.jsonl");
      builder.write(exemplars, chat, force);
      ValidationReport sideReport = validator.validate(chat);
      System.out.printf("split %s: %d exemplars -> %s, valid %s%n", side, exemplars.size(), chat, sideReport.valid());
    }
  }
}
