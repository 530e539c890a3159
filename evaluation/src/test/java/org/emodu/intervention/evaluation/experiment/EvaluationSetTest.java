package org.emodu.intervention.evaluation.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationSetTest {

  @TempDir
  Path directory;

  @Test
  void readsRequestsWithTheirReferences() throws Exception {
    Path file = Files.writeString(directory.resolve("eval.jsonl"), """
        {"id": "a", "username": "Budi", "emotion": "bosan", "arcs": "Relevance", "classname": "X", "subject": "Fisika", "reference": " Yuk Budi 🎉 "}

        {"username": "Sari", "emotion": "happy", "reinforcement": "negatif", "classname": "X", "subject": "Kimia", "reference": "Mantap Sari ⭐"}
        """);

    List<EvaluationItem> items = EvaluationSet.read(file);

    assertThat(items).hasSize(2);
    assertThat(items.get(0).id()).isEqualTo("a");
    assertThat(items.get(0).request().emotion()).isEqualTo(Emotion.BORED);
    assertThat(items.get(0).request().arcs()).isEqualTo(ArcsStrategy.RELEVANCE);
    assertThat(items.get(0).reference()).isEqualTo("Yuk Budi 🎉");
    assertThat(items.get(1).id()).isEqualTo("line-3");
  }

  @Test
  void everyBadLineIsNamedBeforeAnythingRuns() throws Exception {
    Path file = Files.writeString(directory.resolve("eval.jsonl"), """
        {"id": "a", "username": "Budi", "emotion": "bosan", "classname": "X", "subject": "Fisika"}
        {"id": "b", "username": "Budi", "emotion": "ngantuk", "classname": "X", "subject": "Fisika", "reference": "r"}
        not json
        {"id": "a", "username": "Budi", "emotion": "sad", "classname": "X", "subject": "Fisika", "reference": "r"}
        """);

    assertThatThrownBy(() -> EvaluationSet.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 4 bad line(s)")
        .hasMessageContaining("line 1: reference is missing")
        .hasMessageContaining("line 2: emotion 'ngantuk' is not recognised")
        .hasMessageContaining("line 3, column 4: not valid JSON: expected a value")
        .hasMessageContaining("line 4: the id a appears twice");
  }

  @Test
  void aFileThatIsNotUtf8IsNamedByLineAndByte() throws Exception {
    Path file = Files.write(directory.resolve("eval.jsonl"), ("{\"username\": \"Andr\u00e9\", \"emotion\": \"happy\","
        + " \"classname\": \"X\", \"subject\": \"Kimia\", \"reference\": \"Mantap\"}\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> EvaluationSet.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1: not UTF-8: byte 19 of the line (offset 18 in the file) is 0xE9")
        .hasMessageNotContaining("Input length");
  }
}
