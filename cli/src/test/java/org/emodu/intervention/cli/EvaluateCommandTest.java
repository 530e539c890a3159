package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.chat.TokenUsage;
import org.emodu.intervention.core.log.InteractionLog;
import org.emodu.intervention.core.log.InteractionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

  @TempDir
  Path directory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), () -> Settings.of(Map.of()));
  }

  private Path file(String name, String... lines) throws IOException {
    Path file = directory.resolve(name);
    Files.write(file, List.of(lines));
    return file;
  }

  @Test
  void scoresCandidatesAgainstReferencesOfflineWritingCsvAndPrintingMeansAndHash() throws IOException {
    Path candidates = file("candidates.txt", "Semangat ya Budi, kamu pasti bisa belajar Fisika hari ini! 💪",
        "Harga cabai di pasar naik tajam minggu lalu karena hujan deras.");
    Path references = file("references.txt", "Ayo Budi, semangat belajar Fisika hari ini, kamu pasti bisa! 💪",
        "Ayo Budi, semangat belajar Fisika hari ini, kamu pasti bisa! 💪");
    Path scores = directory.resolve("scores.csv");

    int code = run("evaluate", "bertscore", "--candidates", candidates.toString(), "--references",
        references.toString(), "--idf", "--out", scores.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).containsPattern("P 0\\.\\d{6}  R 0\\.\\d{6}  F1 0\\.\\d{6}  \\(mean of 2 pairs\\)");
    assertThat(out.toString()).contains("hash all-MiniLM-L6-v2-int8_L6_idf_version=intervensi-");
    List<String> rows = Files.readAllLines(scores);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).isEqualTo("line,precision,recall,f1,best_reference,candidate,reference");
    double paraphrase = Double.parseDouble(rows.get(1).split(",")[3]);
    double unrelated = Double.parseDouble(rows.get(2).split(",")[3]);
    assertThat(paraphrase).isGreaterThan(unrelated);
  }

  @Test
  void rescalesWithGivenBaselineValuesAndNamesThemInTheHash() throws IOException {
    Path candidates = file("candidates.txt", "Ayo semangat!");
    Path references = file("references.txt", "Ayo semangat!");

    int code = run("evaluate", "bertscore", "--candidates", candidates.toString(), "--references",
        references.toString(), "--rescale", "0.5,0.5,0.5", "--out", directory.resolve("s.csv").toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("F1 1.000000").contains("-rescaled(P=0.5,R=0.5,F=0.5)");
  }

  @Test
  void scoresWithTheReferenceImplementationsSemanticsUnlessAskedForTheEarlierOnes() throws IOException {
    Path candidates = file("candidates.txt", "Ayo [SEP] semangat [CLS] Budi!");
    Path references = file("references.txt", "Ayo semangat Budi!");
    Path other = file("other.txt", "Semangat terus ya!");

    int current = run("evaluate", "bertscore", "--candidates", candidates.toString(), "--references",
        references.toString(), other.toString(), "--out", directory.resolve("current.csv").toString());
    String currentOut = out.toString();
    out.getBuffer().setLength(0);
    int legacy = run("evaluate", "bertscore", "--candidates", candidates.toString(), "--references",
        references.toString(), other.toString(), "--legacy-semantics", "--out", directory.resolve("legacy.csv").toString());
    String legacyOut = out.toString();
    out.getBuffer().setLength(0);
    int one = run("evaluate", "bertscore", "--candidates", candidates.toString(), "--references",
        references.toString(), "--drop-special-tokens", "--out", directory.resolve("one.csv").toString());

    assertThat(current).as(err.toString()).isZero();
    assertThat(legacy).as(err.toString()).isZero();
    assertThat(one).as(err.toString()).isZero();
    assertThat(currentOut)
        .contains("_max-tokens=512_specials=weight-0_typed-specials=weight-0_references=max-of-each");
    assertThat(legacyOut).contains("_max-tokens=128_specials=left-out_typed-specials=ordinary_references=best-f1");
    assertThat(out.toString()).contains("_max-tokens=512_specials=left-out_typed-specials=weight-0_references=max-of-each");
    double currentPrecision = Double.parseDouble(Files.readAllLines(directory.resolve("current.csv")).get(1).split(",")[1]);
    double legacyPrecision = Double.parseDouble(Files.readAllLines(directory.resolve("legacy.csv")).get(1).split(",")[1]);
    assertThat(currentPrecision).isGreaterThan(legacyPrecision + 0.05);
  }

  @Test
  void rejectsFilesWhoseLineCountsDiffer() throws IOException {
    Path candidates = file("candidates.txt", "a", "b");
    Path references = file("references.txt", "a");

    int code = run("evaluate", "bertscore", "--candidates", candidates.toString(), "--references",
        references.toString(), "--out", directory.resolve("s.csv").toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("has 2 candidates but").contains("has 1 lines of references");
    assertThat(directory.resolve("s.csv")).doesNotExist();
  }

  @Test
  void rejectsAnEmptyLineNamingIt() throws IOException {
    Path candidates = file("candidates.txt", "a", "", "c");
    Path references = file("references.txt", "a", "b", "c");

    int code = run("evaluate", "bertscore", "--candidates", candidates.toString(), "--references",
        references.toString(), "--out", directory.resolve("s.csv").toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("line 2 is empty");
  }

  @Test
  void rejectsAnUnreadableModelDirectoryWithoutAStackTrace() throws IOException {
    Path candidates = file("candidates.txt", "a");
    Path references = file("references.txt", "a");
    Path model = Files.createDirectory(directory.resolve("model"));
    Files.writeString(model.resolve("model.onnx"), "not a model");
    Files.writeString(model.resolve("tokenizer.json"), "{}");

    int code = run("evaluate", "bertscore", "--candidates", candidates.toString(), "--references",
        references.toString(), "--model-dir", model.toString(), "--out", directory.resolve("s.csv").toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("cannot load the model in " + model).doesNotContain("\tat ");
  }

  @Test
  void neverOverwritesAnInputNorAnExistingOutputWithoutForce() throws IOException {
    Path candidates = file("candidates.txt", "a");
    Path references = file("references.txt", "a");
    Path existing = file("scores.csv", "keep");

    int overInput = run("evaluate", "bertscore", "--candidates", candidates.toString(), "--references",
        references.toString(), "--out", references.toString(), "--force");
    int overOutput = run("evaluate", "bertscore", "--candidates", candidates.toString(), "--references",
        references.toString(), "--out", existing.toString());

    assertThat(overInput).isEqualTo(ExitCodes.USAGE);
    assertThat(overOutput).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains("inputs are never overwritten").contains("use --force to replace it");
    assertThat(Files.readAllLines(references)).containsExactly("a");
    assertThat(Files.readString(existing)).isEqualTo("keep\n");
  }

  @Test
  void summarisesUsageAndCostFromAnInteractionLog() throws IOException {
    Path log = directory.resolve("interactions.jsonl");
    try (InteractionLog interactions = InteractionLog.open(log)) {
      for (long prompt : new long[] {900, 1100}) {
        interactions.write(new InteractionRecord(Instant.parse("2026-01-05T08:00:00Z"), "req-" + prompt, "base",
            "gpt-4o-mini", new InteractionRecord.Fields("Budi", "bored", "positive", "attention", "X", "Fisika"),
            "Semangat, Budi! 💪", new TokenUsage(prompt, 50, prompt + 50), 900, false, Optional.empty(), List.of(),
            List.of(), Optional.empty()));
      }
    }
    Path usage = directory.resolve("usage.csv");

    int code = run("evaluate", "usage", log.toString(), "--price", "gpt-4o-mini=0.15,0.60", "--out", usage.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("base / gpt-4o-mini: 2 answered, 0 failed")
        .containsPattern("prompt_tokens\\s+2\\s+2000\\.00\\s+1000\\.00\\s+141\\.42");
    assertThat(Files.readAllLines(usage)).hasSize(6)
        .anySatisfy(row -> assertThat(row).startsWith("base,gpt-4o-mini,cost_usd,2,"));
  }

  @Test
  void openAisPricesChargeAFineTunedModelItsOwnRate() throws IOException {
    Path log = directory.resolve("interactions.jsonl");
    try (InteractionLog interactions = InteractionLog.open(log)) {
      for (String model : new String[] {"gpt-3.5-turbo", "ft:gpt-3.5-turbo-0125:emodu::abc"}) {
        interactions.write(new InteractionRecord(Instant.parse("2026-01-05T08:00:00Z"), "req-" + model, "base",
            model, new InteractionRecord.Fields("Budi", "bored", "positive", "attention", "X", "Fisika"),
            "Semangat, Budi! 💪", new TokenUsage(1_000_000, 1_000_000, 2_000_000), 900, false, Optional.empty(),
            List.of(), List.of(), Optional.empty()));
      }
    }
    Path usage = directory.resolve("usage.csv");

    int code = run("evaluate", "usage", log.toString(), "--openai-prices", "--out", usage.toString());

    assertThat(code).as(err.toString()).isZero();
    // a million prompt and a million completion tokens: 0.50 + 1.50 for the base model, 3.00 + 6.00 fine-tuned
    assertThat(Files.readAllLines(usage))
        .anySatisfy(row -> assertThat(row).startsWith("base,gpt-3.5-turbo,cost_usd,1,2.0"))
        .anySatisfy(row -> assertThat(row).startsWith("base,ft:gpt-3.5-turbo-0125:emodu::abc,cost_usd,1,9.0"));
  }

  @Test
  void asksForASubcommandWhenGivenNone() {
    int code = run("evaluate");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("evaluate needs a subcommand: bertscore, usage");
  }

  @Test
  void rejectsHalfAPriceNamingBothOptions() throws IOException {
    Path log = file("log.jsonl");

    int code = run("evaluate", "usage", log.toString(), "--input-price", "0.15", "--out",
        directory.resolve("u.csv").toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("give both --input-price and --output-price");
  }
}
