package org.emodu.intervention.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertScoreInputsTest {

  @TempDir
  Path directory;

  private Path file(String name, String content) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void readsOneSentenceALineFromParallelTextFiles() throws IOException {
    Path candidates = file("candidates.txt", "\uFEFFSemangat, Budi! 💪\n  Ayo Sari  \n");
    Path references = file("references.txt", "Tetap semangat, Budi!\nAyo, Sari!\n\n");

    BertScoreInputs inputs = BertScoreInputs.read(candidates, List.of(references));

    assertThat(inputs.candidates()).containsExactly("Semangat, Budi! 💪", "Ayo Sari");
    assertThat(inputs.references()).containsExactly(List.of("Tetap semangat, Budi!"), List.of("Ayo, Sari!"));
  }

  @Test
  void gathersTheReferencesOfSeveralFilesAndJsonListsPerCandidate() throws IOException {
    Path candidates = file("log.jsonl", "{\"text\": \"Semangat, Budi!\", \"model\": \"m\"}\n{\"text\": \"Ayo Sari\"}\n");
    Path first = file("set.jsonl", "{\"reference\": [\"Semangat ya, Budi!\", \"Budi, ayo!\"]}\n{\"reference\": \"Ayo, Sari!\"}\n");
    Path second = file("more.txt", "Budi hebat!\nSari hebat!\n");

    BertScoreInputs inputs = BertScoreInputs.read(candidates, List.of(first, second));

    assertThat(inputs.references()).containsExactly(
        List.of("Semangat ya, Budi!", "Budi, ayo!", "Budi hebat!"), List.of("Ayo, Sari!", "Sari hebat!"));
  }

  @Test
  void rejectsFilesWhoseLinesDoNotPairUp() throws IOException {
    Path candidates = file("candidates.txt", "a\nb\nc\n");
    Path references = file("references.txt", "a\nb\n");

    assertThatThrownBy(() -> BertScoreInputs.read(candidates, List.of(references)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 3 candidates but " + references + " has 2 lines");
  }

  @Test
  void rejectsAnEmptyLineNamingFileAndLine() throws IOException {
    Path candidates = file("candidates.txt", "a\n\nc\n");
    Path references = file("references.txt", "a\nb\nc\n");

    assertThatThrownBy(() -> BertScoreInputs.read(candidates, List.of(references)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(candidates + " line 2 is empty");
  }

  @Test
  void rejectsJsonLinesWithoutTheFieldNamingWhatTheyHave() throws IOException {
    Path candidates = file("candidates.jsonl", "{\"text\": \"a\"}\n");
    Path references = file("references.jsonl", "{\"expected\": \"a\", \"emotion\": \"bored\"}\n");

    assertThatThrownBy(() -> BertScoreInputs.read(candidates, List.of(references)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1 has no field 'reference' (it has: expected, emotion)");
    assertThat(BertScoreInputs.read(candidates, List.of(references), "text", "expected").references())
        .containsExactly(List.of("a"));
  }

  @Test
  void rejectsALineThatIsNotJsonAndACandidateListInJsonLines() throws IOException {
    Path broken = file("broken.jsonl", "{\"text\": \"a\"\n");
    Path listed = file("listed.jsonl", "{\"text\": [\"a\", \"b\"]}\n");
    Path references = file("references.txt", "a\n");

    assertThatThrownBy(() -> BertScoreInputs.read(broken, List.of(references)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(broken + " line 1, column 13: not valid JSON: the line ends inside an object opened at column 1 (a } is missing)");
    assertThatThrownBy(() -> BertScoreInputs.read(listed, List.of(references)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds 2 sentences in 'text'; a candidate is one sentence");
  }

  @Test
  void rejectsAFileThatIsNotUtf8OrHoldsNothing() throws IOException {
    Path latin1 = directory.resolve("latin1.txt");
    Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
    Path empty = file("empty.txt", "\n\n");
    Path references = file("references.txt", "a\n");

    assertThatThrownBy(() -> BertScoreInputs.read(latin1, List.of(references)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(latin1 + " line 1: not UTF-8: byte 4 of the line (offset 3 in the file) is 0xE9")
        .hasMessageContaining("save it as UTF-8");
    assertThatThrownBy(() -> BertScoreInputs.read(empty, List.of(references)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no sentences");
    assertThatThrownBy(() -> BertScoreInputs.read(directory.resolve("missing.txt"), List.of(references)))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(NoSuchFileException.class);
  }

  @Property(tries = 100)
  void readsBackEverySentenceWrittenOneALine(@ForAll("sentenceLists") List<String> sentences) throws IOException {
    Path dir = Files.createTempDirectory("sentences");
    try {
      Path candidates = dir.resolve("candidates.txt");
      Path references = dir.resolve("references.txt");
      Files.writeString(candidates, String.join("\n", sentences) + "\n");
      Files.writeString(references, String.join("\n", sentences));

      BertScoreInputs inputs = BertScoreInputs.read(candidates, List.of(references));

      List<String> stripped = sentences.stream().map(String::strip).toList();
      assertThat(inputs.candidates()).isEqualTo(stripped);
      assertThat(inputs.references()).isEqualTo(stripped.stream().map(List::of).toList());
    } finally {
      try (var files = Files.list(dir)) {
        for (Path path : files.toList()) {
          Files.delete(path);
        }
      }
      Files.delete(dir);
    }
  }

  @Provide
  Arbitrary<List<String>> sentenceLists() {
    Arbitrary<String> word = Arbitraries.oneOf(
        Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzé,.!?'\"").ofMinLength(1).ofMaxLength(12),
        Arbitraries.of("💪", "😄", "🎉", "Budi", "semangat"));
    Arbitrary<String> sentence = word.list().ofMinSize(1).ofMaxSize(8).map(words -> " " + String.join(" ", words));
    return sentence.list().ofMinSize(1).ofMaxSize(20);
  }
}
