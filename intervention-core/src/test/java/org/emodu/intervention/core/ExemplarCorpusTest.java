package org.emodu.intervention.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExemplarCorpusTest {

  @Test
  void readsTheExemplarFormatWithOptionalFields() throws Exception {
    String jsonl = """
        {"id": "e1", "emotion": "bosan", "reinforcement": "positif", "arcs": "Attention", "text": "Hai {username} 🎉", "origin": "expert"}

        {"id": "e1-aug", "emotion": "bored", "reinforcement": "positive", "arcs": "attention", "text": "Halo {username} 🎉", "source_id": "e1", "origin": "augmented:synonym", "note": "ignored"}
        """;

    ExemplarCorpus corpus = ExemplarCorpus.parse("test", utf8(jsonl));

    assertThat(corpus.size()).isEqualTo(2);
    assertThat(corpus.exemplars().get(1).sourceId()).contains("e1");
    assertThat(corpus.exemplars().get(1).origin()).isEqualTo("augmented:synonym");
    assertThat(corpus.matching(Emotion.BORED, new Strategy(Reinforcement.POSITIVE, ArcsStrategy.ATTENTION))).hasSize(2);
  }

  @Test
  void reportsEveryBadLineByNumber() {
    String jsonl = """
        {"id": "a", "emotion": "bored", "reinforcement": "positive", "arcs": "attention", "text": "Hai {username} 🎉"}
        not json
        {"id": "b", "emotion": "sleepy", "reinforcement": "positive", "arcs": "attention", "text": "Hai 🎉"}
        {"id": "c", "emotion": "bored", "reinforcement": "positive", "arcs": "attention", "text": "Hai {nama} 🎉"}
        {"id": "a", "emotion": "bored", "reinforcement": "positive", "arcs": "attention", "text": "Lagi {username} 🎉"}
        {"id": "d", "emotion": "bored", "arcs": "attention"}
        """;

    CorpusFormatException error = catchThrowableOfType(CorpusFormatException.class,
        () -> ExemplarCorpus.parse("bad.jsonl", utf8(jsonl)));

    assertThat(error.problems()).hasSize(5);
    assertThat(error.problems().get(0)).isEqualTo("line 2, column 4: not valid JSON: expected a value (a text in double quotes, a number,"
        + " true, false, null, an object or a list), found 'not'");
    assertThat(error.problems().get(1)).startsWith("line 3: emotion 'sleepy' is not recognised");
    assertThat(error.problems().get(2)).startsWith("line 4: ").contains("unknown placeholder {nama}");
    assertThat(error.problems().get(3)).isEqualTo("line 5: the id a appears twice");
    assertThat(error.problems().get(4)).isEqualTo("line 6: missing or blank text field(s): reinforcement, text");
    assertThat(error.getMessage()).startsWith("the exemplar corpus bad.jsonl has 5 problem(s)");
  }

  @Test
  void emptyCorpusIsAnError() {
    CorpusFormatException error = catchThrowableOfType(CorpusFormatException.class,
        () -> ExemplarCorpus.parse("empty.jsonl", utf8("\n\n")));

    assertThat(error.problems()).containsExactly("the corpus holds no exemplars");
  }

  @Test
  void aHugeLineIsNamedWithTheLimitWithoutBeingReadWholeAndTheOtherLinesStillCount(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("huge.jsonl");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(utf8Bytes(GOOD + "\n{\"id\": \"x\", \"text\": \""));
      byte[] block = "a".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 52 * 16; i++) { // 52 MiB
        out.write(block);
      }
      out.write(utf8Bytes("\"}\n{\"id\": \"b\", \"emotion\": \"sleepy\", \"reinforcement\": \"positive\", \"arcs\": \"attention\", \"text\": \"Hai 🎉\"}\n"));
    }

    CorpusFormatException error = catchThrowableOfType(CorpusFormatException.class, () -> ExemplarCorpus.read(file));

    assertThat(error.problems()).hasSize(2);
    assertThat(error.problems().get(0)).isEqualTo("line 2: the line is longer than 1 MiB, the most one line may hold, and was not"
        + " read; no entry of such a file comes close (is it the file you meant?)");
    assertThat(error.problems().get(1)).startsWith("line 3: emotion 'sleepy' is not recognised");
    assertThat(error.getMessage()).startsWith("the exemplar corpus huge.jsonl has 2 problem(s): line 2: the line is longer than 1 MiB");
  }

  @Test
  void aFileThatIsNotUtf8IsNamedByLineAndByteWithTheFix(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("latin.jsonl");
    byte[] latin1 = (GOOD + "\n" + GOOD.replace("\"a\"", "\"b\"").replace("Hai", "Caf\u00e9")).getBytes(StandardCharsets.ISO_8859_1);
    Files.write(file, latin1);

    CorpusFormatException error = catchThrowableOfType(CorpusFormatException.class, () -> ExemplarCorpus.read(file));

    int lineStart = GOOD.length() + 1;
    int index = GOOD.replace("\"a\"", "\"b\"").replace("Hai", "Caf\u00e9").indexOf('\u00e9');
    assertThat(error.problems()).containsExactly("line 2: not UTF-8: byte " + (index + 1) + " of the line (offset " + (lineStart + index)
        + " in the file) is 0xE9, which does not begin or continue a UTF-8 character; the file was saved in another encoding"
        + " (such as Windows-1252 or Latin-1): save it as UTF-8 (in a spreadsheet, Save As \"CSV UTF-8\"), or convert it"
        + " (iconv -f WINDOWS-1252 -t UTF-8 FILE)");
    assertThat(error.getMessage()).doesNotContain("Input length");
  }

  private static final String GOOD =
      "{\"id\": \"a\", \"emotion\": \"bored\", \"reinforcement\": \"positive\", \"arcs\": \"attention\", \"text\": \"Hai {username} ok\"}";

  private static InputStream utf8(String text) {
    return new ByteArrayInputStream(utf8Bytes(text));
  }

  private static byte[] utf8Bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
