package org.emodu.intervention.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ExemplarCorpusTest {

  @Test
  void readsTheExemplarFormatWithOptionalFields() throws Exception {
    String jsonl = """
        {"id": "e1", "emotion": "bosan", "reinforcement": "positif", "arcs": "Attention", "text": "Hai {username} 🎉", "origin": "expert"}

        {"id": "e1-aug", "emotion": "bored", "reinforcement": "positive", "arcs": "attention", "text": "Halo {username} 🎉", "source_id": "e1", "origin": "augmented:synonym", "note": "ignored"}
        """;

    ExemplarCorpus corpus = ExemplarCorpus.parse("test", new StringReader(jsonl));

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
        () -> ExemplarCorpus.parse("bad.jsonl", new StringReader(jsonl)));

    assertThat(error.problems()).hasSize(5);
    assertThat(error.problems().get(0)).startsWith("line 2: not valid JSON");
    assertThat(error.problems().get(1)).startsWith("line 3: emotion 'sleepy' is not recognised");
    assertThat(error.problems().get(2)).startsWith("line 4: ").contains("unknown placeholder {nama}");
    assertThat(error.problems().get(3)).isEqualTo("line 5: the id a appears twice");
    assertThat(error.problems().get(4)).isEqualTo("line 6: missing or blank text field(s): reinforcement, text");
    assertThat(error.getMessage()).startsWith("the exemplar corpus bad.jsonl has 5 problem(s)");
  }

  @Test
  void emptyCorpusIsAnError() {
    CorpusFormatException error = catchThrowableOfType(CorpusFormatException.class,
        () -> ExemplarCorpus.parse("empty.jsonl", new StringReader("\n\n")));

    assertThat(error.problems()).containsExactly("the corpus holds no exemplars");
  }
}
