package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.emodu.intervention.core.chat.ChatMessage;
import org.emodu.intervention.core.chat.ChatTokenCounter;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.dataset.ValidationError.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FineTuningFileValidatorTest {

  private static final String GOOD = "{\"messages\":[{\"role\":\"system\",\"content\":\"Tulis intervensi.\"},"
      + "{\"role\":\"user\",\"content\":\"Username: Budi\\nEmotion: bored\"},"
      + "{\"role\":\"assistant\",\"content\":\"Ayo Budi, semangat! 😄\"}]}";

  @TempDir
  Path directory;

  static Stream<Arguments> defects() {
    return Stream.of(
        Arguments.of(Kind.INVALID_JSON, "{\"messages\": [", null),
        Arguments.of(Kind.INVALID_JSON, GOOD + " {}", null),
        Arguments.of(Kind.INVALID_JSON, "{\"messages\":[],\"messages\":[]}", null),
        Arguments.of(Kind.DATA_TYPE, "[1, 2]", null),
        Arguments.of(Kind.MISSING_MESSAGES_LIST, "{\"prompt\":\"x\"}".replace("prompt", "messages_") , null),
        Arguments.of(Kind.MISSING_MESSAGES_LIST, "{\"messages\":[]}", null),
        Arguments.of(Kind.UNRECOGNIZED_KEY, GOOD.replace("{\"messages\"", "{\"id\":7,\"messages\""), null),
        Arguments.of(Kind.MESSAGE_NOT_OBJECT, "{\"messages\":[\"hai\",{\"role\":\"assistant\",\"content\":\"ok\"}]}", null),
        Arguments.of(Kind.MESSAGE_MISSING_KEY, GOOD.replace("{\"role\":\"system\",", "{"), null),
        Arguments.of(Kind.MESSAGE_UNRECOGNIZED_KEY, GOOD.replace("\"role\":\"user\",", "\"role\":\"user\",\"mood\":\"x\","), null),
        Arguments.of(Kind.UNRECOGNIZED_ROLE, GOOD.replace("\"role\":\"user\"", "\"role\":\"student\""), null),
        Arguments.of(Kind.MISSING_CONTENT, GOOD.replace("\"content\":\"Ayo Budi, semangat! 😄\"", "\"content\":\"\""), null),
        Arguments.of(Kind.MISSING_CONTENT, GOOD.replace("\"content\":\"Tulis intervensi.\"", "\"content\":42"), null),
        Arguments.of(Kind.INVALID_NAME, GOOD.replace("\"role\":\"user\",", "\"role\":\"user\",\"name\":3,"), null),
        Arguments.of(Kind.INVALID_WEIGHT, GOOD.replace("\"role\":\"user\",", "\"role\":\"user\",\"weight\":1,"), null),
        Arguments.of(Kind.EXAMPLE_MISSING_ASSISTANT_MESSAGE, GOOD.replace("\"role\":\"assistant\"", "\"role\":\"user\""), null),
        Arguments.of(Kind.TOO_MANY_TOKENS, GOOD.replace("Tulis intervensi.", "kata ".repeat(200)), null),
        Arguments.of(Kind.BLANK_LINE, "", null),
        Arguments.of(Kind.INVALID_UTF8, null, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
  }

  @Test
  void aLineThatIsNotUtf8OrNotJsonIsNamedInTheToolkitsWords() throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write((GOOD + "\n").getBytes(StandardCharsets.UTF_8));
    file.write(new byte[] {'{', '"', 'c', 'a', 'f', (byte) 0xE9, '"', '}', '\n'});
    file.write("{\"messages\": [{\"role\": \"user\"\n".getBytes(StandardCharsets.UTF_8));

    ValidationReport report = new FineTuningFileValidator(100, 1_000, 0).validate(new ByteArrayInputStream(file.toByteArray()));

    assertThat(report.errors()).extracting(ValidationError::line, ValidationError::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2, Kind.INVALID_UTF8), org.assertj.core.groups.Tuple.tuple(3, Kind.INVALID_JSON));
    assertThat(report.errors().get(0).message()).startsWith("not UTF-8: byte 6 of the line (offset " + (GOOD.getBytes(StandardCharsets.UTF_8).length + 1 + 5)
        + " in the file) is 0xE9").contains("save it as UTF-8");
    assertThat(report.errors().get(1).message()).startsWith("not valid JSON at column ")
        .contains("the line ends inside an object opened at column").doesNotContain("Source").doesNotContain("REDACTED");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("defects")
  void eachDefectIsCaughtAtItsLineWithItsKind(Kind kind, String defect, byte[] defectBytes) throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    for (int line = 1; line <= 12; line++) {
      if (line == 7) {
        file.write(defect != null ? defect.getBytes(StandardCharsets.UTF_8) : defectBytes);
      } else {
        file.write(GOOD.getBytes(StandardCharsets.UTF_8));
      }
      file.write('\n');
    }
    ValidationReport report = new FineTuningFileValidator(100).validate(new ByteArrayInputStream(file.toByteArray()));

    assertThat(report.valid()).isFalse();
    assertThat(report.errors()).extracting(ValidationError::line).containsOnly(7);
    assertThat(report.errors()).extracting(ValidationError::kind).contains(kind);
    assertThat(report.countsByKind()).containsEntry(kind, 1L);
    assertThat(report.lines()).isEqualTo(12);
  }

  @Test
  void anUnknownRoleIsNamedWithEveryRoleTheApiAccepts() throws IOException {
    String line = GOOD.replace("\"role\":\"user\"", "\"role\":\"student\"") + "\n";

    ValidationReport report = new FineTuningFileValidator(1).validate(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)));

    assertThat(report.errors()).extracting(ValidationError::message)
        .anySatisfy(message -> assertThat(message)
            .endsWith("has the role 'student'; use one of: system, developer, user, assistant, tool, function"));
  }

  @Test
  void aTextFarPastTheContextIsCountedAtItsLowerBoundWithoutTokenisingIt() throws IOException {
    // One word of 10,000 letters: past 64 + 1 tokens of at most 128 bytes each, whatever its tokens.
    int contextLimit = 64;
    String word = "a".repeat(10_000);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      lines.add(i == 3 ? GOOD.replace("Ayo Budi, semangat! 😄", word) : GOOD);
    }

    ValidationReport report = new FineTuningFileValidator(contextLimit, 1_000, 0)
        .validate(new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));

    int bound = 10_000 / FineTuningFileValidator.LONGEST_TOKEN_BYTES;
    assertThat(bound).isGreaterThan(contextLimit);
    assertThat(ChatTokenCounter.cl100k().countText(word)).as("the exact count is above the bound").isGreaterThanOrEqualTo(bound);
    assertThat(report.errors()).singleElement().satisfies(error -> {
      assertThat(error.line()).isEqualTo(4);
      assertThat(error.kind()).isEqualTo(Kind.TOO_MANY_TOKENS);
      assertThat(error.message()).startsWith("the example has at least ").contains("more than the context of 64");
    });
  }

  @Test
  void manyLongLinesAreAllChecked() throws IOException {
    // 40 lines of about 100 KB: batches are closed by their bytes as well as by their lines.
    String longAnswer = ("Ayo Budi, semangat! 😄 ").repeat(4_000);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      lines.add(GOOD.replace("Ayo Budi, semangat! 😄", longAnswer + i));
    }

    ValidationReport report = new FineTuningFileValidator(1_000_000, 1_000, 0)
        .validate(new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));

    assertThat(report.valid()).isTrue();
    assertThat(report.lines()).isEqualTo(40);
    assertThat(report.statistics().examples()).isEqualTo(40L);
  }

  @Test
  void aFileWithTooFewExamplesIsAFileLevelError() throws IOException {
    ValidationReport report = validate(GOOD + "\n" + GOOD + "\n");
    assertThat(report.errors()).singleElement().satisfies(error -> {
      assertThat(error.line()).isZero();
      assertThat(error.kind()).isEqualTo(Kind.TOO_FEW_EXAMPLES);
      assertThat(error.message()).isEqualTo("the file has 2 example(s); fine-tuning needs at least 10");
    });
  }

  @Test
  void aGoodFileIsValidAndMeasured() throws IOException {
    String longer = GOOD.replace("Ayo Budi, semangat! 😄", "Ayo Budi, satu soal lagi pasti bisa, semangat terus ya! 😄");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      lines.add(i % 4 == 0 ? longer : GOOD);
    }
    ValidationReport report = validate(String.join("\n", lines));

    assertThat(report.valid()).isTrue();
    FileStatistics statistics = report.statistics();
    ChatTokenCounter counter = ChatTokenCounter.cl100k();
    int good = counter.countExample(List.of(ChatMessage.system("Tulis intervensi."), ChatMessage.user("Username: Budi\nEmotion: bored"),
        ChatMessage.assistant("Ayo Budi, semangat! 😄")));
    int large = counter.countExample(List.of(ChatMessage.system("Tulis intervensi."), ChatMessage.user("Username: Budi\nEmotion: bored"),
        ChatMessage.assistant("Ayo Budi, satu soal lagi pasti bisa, semangat terus ya! 😄")));
    assertThat(statistics.examples()).isEqualTo(20);
    assertThat(statistics.tokensPerExample().min()).isEqualTo(good);
    assertThat(statistics.tokensPerExample().max()).isEqualTo(large);
    assertThat(statistics.tokensPerExample().median()).isEqualTo(good);
    assertThat(statistics.tokensPerExample().mean()).isCloseTo((15.0 * good + 5.0 * large) / 20, within(1e-9));
    // numpy's linear p95 over 15 x good and 5 x large: position 18.05 falls between two larges.
    assertThat(statistics.tokensPerExample().p95()).isEqualTo(large);
    assertThat(statistics.totalTokens()).isEqualTo(15L * good + 5L * large);
    assertThat(statistics.messagesPerExample().mean()).isEqualTo(3.0);
    assertThat(statistics.assistantTokensPerExample().min()).isEqualTo(counter.countText("Ayo Budi, semangat! 😄"));
    assertThat(statistics.examplesWithoutSystem()).isZero();
    assertThat(statistics.billedTokensPerEpoch()).isEqualTo(statistics.totalTokens());
    assertThat(statistics.defaultEpochs()).isEqualTo(5);
    assertThat(statistics.billedTokens(5)).isEqualTo(5 * statistics.totalTokens());
    assertThat(statistics.cost(5, 8.0)).isCloseTo(5 * statistics.totalTokens() * 8.0 / 1e6, within(1e-12));
  }

  @Test
  void defaultEpochsFollowTheCookbook() {
    assertThat(statisticsOf(10).defaultEpochs()).isEqualTo(10);
    assertThat(statisticsOf(3).defaultEpochs()).isEqualTo(25);
    assertThat(statisticsOf(1_000).defaultEpochs()).isEqualTo(3);
    assertThat(statisticsOf(20_000).defaultEpochs()).isEqualTo(1);
    assertThat(statisticsOf(8_334).defaultEpochs()).isEqualTo(2);
  }

  @Test
  void errorsAreCappedButAllCounted() throws IOException {
    String file = (GOOD + "\n").repeat(10) + "x\n".repeat(50);
    ValidationReport report = new FineTuningFileValidator(16_385, 5, 10).validate(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)));
    assertThat(report.errors()).hasSize(5);
    assertThat(report.totalErrors()).isEqualTo(50);
    assertThat(report.truncated()).isTrue();
    assertThat(report.countsByKind()).containsEntry(Kind.INVALID_JSON, 50L);
  }

  @Test
  void theJsonReportNamesKindsAsTheCookbookDoesInAlphabeticalOrder() throws IOException {
    ValidationReport report = validate("x\n" + GOOD.replace("\"role\":\"assistant\"", "\"role\":\"user\"") + "\n");

    String json = Json.mapper().writeValueAsString(report);

    assertThat(json)
        .contains("\"countsByKind\":{\"example_missing_assistant_message\":1,\"invalid_json\":1,\"too_few_examples\":1}")
        .contains("{\"line\":0,\"kind\":\"too_few_examples\",")
        .contains("{\"line\":1,\"kind\":\"invalid_json\",")
        .contains("{\"line\":2,\"kind\":\"example_missing_assistant_message\",");
    assertThat(report.errors().get(1)).hasToString("line 1: invalid_json: " + report.errors().get(1).message());
    assertThat(report.errors().get(0)).hasToString("file: too_few_examples: " + report.errors().get(0).message());
  }

  @Test
  void everyKindHasItsOwnLowerCaseCode() {
    assertThat(Kind.values()).extracting(Kind::code).doesNotHaveDuplicates().allMatch(code -> code.matches("[a-z0-9]+(_[a-z0-9]+)*"));
    assertThat(Kind.values()).allSatisfy(kind -> assertThat(kind).hasToString(kind.code()));
  }

  @Test
  void errorsFromManyBatchesKeepTheirLinesAndFileOrder() throws IOException {
    StringBuilder file = new StringBuilder();
    for (int line = 1; line <= 3_000; line++) {
      file.append(line % 700 == 0 ? "{}" : GOOD).append('\n');
    }
    ValidationReport report = validate(file.toString());
    assertThat(report.errors()).extracting(ValidationError::line).containsExactly(700, 1400, 2100, 2800);
    assertThat(report.statistics().examples()).isEqualTo(2_996);
    assertThat(report.lines()).isEqualTo(3_000);
  }

  @Test
  void aFileIsReadFromDiskWithWindowsLineEndingsAndNoFinalNewline() throws IOException {
    Path file = directory.resolve("train.jsonl");
    Files.writeString(file, String.join("\r\n", java.util.Collections.nCopies(10, GOOD)));
    ValidationReport report = new FineTuningFileValidator().validate(file);
    assertThat(report.valid()).isTrue();
    assertThat(report.lines()).isEqualTo(10);
  }

  @Property(tries = 300)
  void anyLinesGiveAReportWhoseErrorsPointAtRealLines(@ForAll @Size(max = 15) List<String> lines) throws IOException {
    String text = String.join("\n", lines.stream().map(line -> line.replace("\n", " ").replace("\r", " ")).toList());
    ValidationReport report = validate(text);
    assertThat(report.errors()).allSatisfy(error -> {
      assertThat(error.line()).isBetween(0, (int) report.lines());
      assertThat(error.message()).isNotBlank();
    });
    assertThat(report.countsByKind().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(report.totalErrors());
    assertThat(report.valid()).isEqualTo(report.totalErrors() == 0);
  }

  private static FileStatistics statisticsOf(long examples) {
    return new FileStatistics(examples, Distribution.EMPTY, Distribution.EMPTY, Distribution.EMPTY, 0, 0, 0, 0, 16_385, 0);
  }

  private static ValidationReport validate(String text) throws IOException {
    return new FineTuningFileValidator().validate(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }
}
