package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.Generators;
import org.emodu.intervention.core.OpenedGenerator;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Progress;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.core.openai.ChatBatch;
import org.emodu.intervention.evaluation.OnnxTokenEmbedder;
import org.emodu.intervention.evaluation.experiment.EvaluationItem;
import org.emodu.intervention.evaluation.experiment.EvaluationSet;
import org.emodu.intervention.evaluation.experiment.Experiment;
import org.emodu.intervention.evaluation.experiment.ExperimentSummary;
import org.emodu.intervention.evaluation.experiment.ProfileSummary;
import org.emodu.intervention.evaluation.experiment.ProfileUnderTest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code intervensi experiment run}: every profile over the evaluation set, scored and summarised. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Runs the profiles on an evaluation set, then scores and summarises them.",
        "Generates an intervention for every request of the evaluation set with each profile (repeated --repeat"
            + " times, --concurrency at once, each answer logged as it comes), then scores each profile's answers with"
            + " BERTScore against the references and summarises token usage, cost and compliance in DIR/summary.json."
            + " An interrupted run resumes in the same --out directory without asking again what was answered."
            + " With --batch the model profiles are asked through the OpenAI Batch API at half the price, answered within"
            + " 24 hours; the batch is recorded in DIR/experiment.json, so running the same command again follows it."},
    footer = {
        "",
        "Examples:",
        "  intervensi experiment run --eval-set data/eval.jsonl --profiles base,finetuned --repeat 5 \\",
        "      --concurrency 16 --input-price 0.5 --output-price 1.5 --out results/experiment",
        "  INTERVENSI_CORPUS=data/split/train.jsonl intervensi experiment run --eval-set data/eval.jsonl \\",
        "      --profiles offline --out results/offline",
        "  intervensi experiment run --eval-set data/eval.jsonl --profiles base,finetuned --repeat 5 --batch \\",
        "      --out results/experiment-batch",
        "Then: intervensi evaluate report --experiment results/experiment --out results/report.html"})
final class ExperimentRunCommand implements Callable<Integer> {

  @ParentCommand
  private ExperimentCommand experiment;

  @Spec
  private CommandSpec spec;

  @Option(names = "--eval-set", required = true, paramLabel = "FILE",
      description = "The evaluation set: JSON Lines of username, emotion, reinforcement, arcs, classname, subject"
          + " and reference (intervensi dataset evalset writes one from the test split).")
  private Path evaluationSet;

  @Option(names = "--profiles", paramLabel = "LIST", defaultValue = "base,finetuned", split = ",",
      description = "Profiles to compare, comma separated: base, finetuned, offline (default: ${DEFAULT-VALUE}).")
  private List<String> profiles;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
      description = "How many times each request is asked (default: ${DEFAULT-VALUE}).")
  private int repeat;

  @Option(names = "--concurrency", paramLabel = "C", defaultValue = "4",
      description = "Generations in flight at once (default: ${DEFAULT-VALUE}).")
  private int concurrency;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The experiment's directory.")
  private Path out;

  @Option(names = "--idf", description = "Weigh BERTScore tokens by inverse document frequency over the references.")
  private boolean idf;

  @Option(names = "--model-dir", paramLabel = "DIR",
      description = "Score with this ONNX encoder (model.onnx and tokenizer.json) instead of the embedded one.")
  private Path modelDirectory;

  @Option(names = "--retry-failed", description = "On resume, ask again what failed before.")
  private boolean retryFailed;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the offline profile's choices (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--batch",
      description = "Ask the model profiles through the OpenAI Batch API: half the price, answers within 24 hours.")
  private boolean batch;

  @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "30s",
      description = "With --batch, how long to wait between two looks at the batch: 30s, 2m; 0 looks again at once"
          + " (default: ${DEFAULT-VALUE}).")
  private String pollInterval;

  @Mixin
  private PriceOptions priceOptions;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    // Everything that can be wrong is found before the first paid call.
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " is a file; name a directory for the experiment");
    }
    OutputFiles.checkDistinct(List.of(evaluationSet),
        List.of(out.resolve(ExperimentSummary.FILE), out.resolve("experiment.json")));
    Duration interval = BatchOptions.pollInterval(pollInterval);
    List<EvaluationItem> items = EvaluationSet.read(evaluationSet);
    Experiment.Builder builder = Experiment.builder(out).concurrency(concurrency).repeat(repeat).retryFailed(retryFailed)
        .idf(idf).prices(priceOptions.table(), priceOptions.description());
    List<OpenedGenerator> opened = new ArrayList<>();
    ChatBatch chatBatch = null;
    try (OnnxTokenEmbedder embedder = modelDirectory == null
        ? OnnxTokenEmbedder.embedded() : OnnxTokenEmbedder.fromDirectory(modelDirectory)) {
      List<ProfileUnderTest> underTest = new ArrayList<>();
      for (Profile profile : profiles()) {
        OpenedGenerator generator = Generators.builder(experiment.settings()).profile(profile).fallback(false)
            .seed(seed).open();
        opened.add(generator);
        underTest.add(ProfileUnderTest.of(profile.label(), generator.generator()));
      }
      boolean anyModel = opened.stream().anyMatch(generator -> generator.backend().isPresent());
      if (batch && anyModel) {
        chatBatch = BatchOptions.open(experiment.settings(), interval);
        builder.batch(chatBatch);
        stderr.println("intervensi: asking the model profiles through the Batch API (half the price; answers within 24"
            + " hours); stopping is safe: the same command follows the batch again");
      } else if (batch) {
        stderr.println("intervensi: --batch asks only model profiles; the offline profile runs as it is");
      }
      Experiment run = builder.build();
      if (modelDirectory == null) {
        stderr.println("intervensi: scoring with the embedded all-MiniLM-L6-v2, an English model; for Indonesian the"
            + " reference implementation uses bert-base-multilingual-cased (export it to ONNX, pass --model-dir)");
      }
      stderr.println("intervensi: " + items.size() + " requests x " + repeat + " for " + underTest.size()
          + " profile(s), " + (chatBatch != null ? "in one batch per model profile" : concurrency + " at once")
          + "; answers are logged in " + out);
      Progress progress = ConsoleProgress.onStandardError(stderr, "");
      ExperimentSummary summary = run.run(evaluationSet, items, underTest, embedder, progress);
      for (ProfileSummary profile : summary.profiles()) {
        stdout.println(line(profile));
      }
      long failed = summary.profiles().stream().mapToLong(ProfileSummary::failed).sum();
      if (failed > 0) {
        stderr.println("intervensi: " + failed + " generation(s) failed; each is in its profile's interactions.jsonl"
            + " with its error, and counted in the report (--retry-failed asks them again)");
        if (chatBatch != null) {
          // A batch fails requests for reasons of its own (expired, cancelled): say which.
          for (ProfileSummary profile : summary.profiles()) {
            profile.errors().entrySet().stream().limit(3).forEach(error ->
                stderr.println("intervensi: " + profile.profile() + ": " + error.getValue() + " x " + error.getKey()));
          }
        }
      }
      stderr.println("intervensi: wrote " + out.resolve(ExperimentSummary.FILE) + "; next: intervensi evaluate report"
          + " --experiment " + out + " --out " + out.resolve("report.html"));
      return ExitCodes.OK;
    } finally {
      opened.forEach(OpenedGenerator::close);
      if (chatBatch != null) {
        chatBatch.close();
      }
    }
  }

  private Set<Profile> profiles() {
    Set<Profile> chosen = new LinkedHashSet<>();
    for (String name : profiles) {
      Profile profile = Profile.parse(name);
      if (profile == Profile.AUTO) {
        throw new IllegalArgumentException("--profiles names what to compare: base, finetuned or offline, not auto");
      }
      if (!chosen.add(profile)) {
        throw new IllegalArgumentException("--profiles names " + profile + " twice");
      }
    }
    return chosen;
  }

  private static String line(ProfileSummary profile) {
    String scores = profile.bertScoreMean()
        .map(mean -> String.format(Locale.ROOT, "P %.4f R %.4f F1 %.4f", mean.precision(), mean.recall(), mean.f1()))
        .orElse("no answers to score");
    return String.format(Locale.ROOT, "%-10s %d answered, %d failed; BERTScore %s; tokens per answer %.1f prompt,"
            + " %.1f completion; %.1f%% keep every rule; %d asked in %.2f s", profile.profile(), profile.succeeded(),
        profile.failed(), scores, profile.promptTokens().mean(), profile.completionTokens().mean(),
        profile.compliance().meetingAllShare() * 100, profile.generations() - profile.resumed(),
        profile.generationWallMs() / 1000.0);
  }
}
