package org.emodu.intervention.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.emodu.intervention.core.chat.TokenUsage;
import org.emodu.intervention.core.log.InteractionLog;
import org.emodu.intervention.core.log.InteractionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageReportTest {

  @TempDir
  Path directory;

  private static InteractionRecord record(String generator, String model, long prompt, long completion, long latency,
      boolean fallback, String error) {
    return new InteractionRecord(Instant.parse("2026-01-05T08:00:00Z"), "req-" + prompt + "-" + latency, generator, model,
        new InteractionRecord.Fields("Budi", "bored", "positive", "attention", "XII-IPA-1", "Fisika"),
        error == null ? "Semangat, Budi! 💪" : "", error == null ? new TokenUsage(prompt, completion, prompt + completion)
        : TokenUsage.NONE, latency, fallback, Optional.empty(), List.of(), List.of(), Optional.ofNullable(error));
  }

  private Path log(InteractionRecord... records) {
    Path file = directory.resolve("interactions.jsonl");
    try (InteractionLog log = InteractionLog.open(file)) {
      for (InteractionRecord record : records) {
        log.write(record);
      }
    }
    return file;
  }

  @Test
  void summarisesTokensLatencyAndCostPerGeneratorAndModelFromALog() {
    Path file = log(
        record("base", "gpt-4o-mini", 900, 40, 800, false, null),
        record("base", "gpt-4o-mini", 1000, 50, 1200, false, null),
        record("base", "gpt-4o-mini", 1100, 60, 1000, false, null),
        record("base", "gpt-4o-mini", 0, 0, 30000, false, "the model timed out"),
        record("finetuned", "ft:gpt-4o-mini:emodu::x1", 100, 30, 400, false, null),
        record("finetuned", "ft:gpt-4o-mini:emodu::x1", 120, 34, 500, false, null),
        record("exemplar", "builtin", 0, 0, 1, true, null));

    UsageReport report = UsageReport.read(List.of(file),
        PriceTable.none().with("gpt-4o-mini=0.15,0.60").with("ft:gpt-4o-mini*=0.30,1.20"));

    assertThat(report.records()).isEqualTo(7);
    assertThat(report.groups()).extracting(UsageGroup::generator).containsExactly("base", "exemplar", "finetuned");
    UsageGroup base = report.groups().get(0);
    assertThat(base.calls()).isEqualTo(3);
    assertThat(base.failures()).isEqualTo(1);
    assertThat(base.promptTokens().mean()).isCloseTo(1000, within(1e-9));
    assertThat(base.promptTokens().standardDeviation()).isCloseTo(100, within(1e-9));
    assertThat(base.completionTokens().median()).isCloseTo(50, within(1e-9));
    assertThat(base.totalTokens().sum()).isCloseTo(3150, within(1e-9));
    assertThat(base.latencyMs().max()).isCloseTo(1200, within(1e-9));
    assertThat(base.costUsd()).isPresent();
    assertThat(base.costUsd().get().sum()).isCloseTo((3000 * 0.15 + 150 * 0.60) / 1e6, within(1e-15));
    UsageGroup finetuned = report.groups().get(2);
    assertThat(finetuned.costUsd().get().mean()).isCloseTo((110 * 0.30 + 32 * 1.20) / 1e6, within(1e-15));
    UsageGroup exemplar = report.groups().get(1);
    assertThat(exemplar.fallbacks()).isEqualTo(1);
    assertThat(exemplar.costUsd()).isEmpty();
    assertThat(exemplar.metrics()).containsOnlyKeys("prompt_tokens", "completion_tokens", "total_tokens", "latency_ms");
  }

  @Test
  void writesOneCsvRowPerGroupAndMetricAndRefusesToReplaceUnlessAsked() throws IOException {
    UsageReport report = UsageReport.of(List.of(
        record("base", "gpt-4o-mini", 900, 40, 800, false, null),
        record("base", "gpt-4o-mini", 1100, 60, 1000, false, null)), PriceTable.of(new TokenPrices(1, 2)));
    Path out = directory.resolve("usage.csv");

    report.writeCsv(out, false);

    List<String> lines = Files.readAllLines(out);
    assertThat(lines.get(0)).isEqualTo("generator,model,metric,count,sum,mean,std,min,25%,50%,75%,max,failures,fallbacks");
    assertThat(lines).hasSize(6);
    assertThat(lines.get(1)).startsWith("base,gpt-4o-mini,prompt_tokens,2,2000.0,1000.0,");
    assertThat(lines.get(5)).startsWith("base,gpt-4o-mini,cost_usd,2,");
    assertThatThrownBy(() -> report.writeCsv(out, false))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(FileAlreadyExistsException.class);
    report.writeCsv(out, true);
    assertThat(Files.list(directory)).containsExactly(out);
  }

  @Test
  void leavesTheStandardDeviationOfASingleCallEmptyInTheCsv() throws IOException {
    Path out = directory.resolve("usage.csv");

    UsageReport.of(List.of(record("base", "m", 10, 5, 100, false, null)), PriceTable.none()).writeCsv(out, false);

    assertThat(Files.readAllLines(out).get(1)).isEqualTo("base,m,prompt_tokens,1,10.0,10.0,,10.0,10.0,10.0,10.0,10.0,0,0");
  }

  @Test
  void namesTheUnreadableLineOfALog() throws IOException {
    Path file = directory.resolve("broken.jsonl");
    Files.writeString(file, "{\"not\": \"a record\"}\n");

    assertThatThrownBy(() -> UsageReport.read(List.of(file), PriceTable.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1");
  }
}
