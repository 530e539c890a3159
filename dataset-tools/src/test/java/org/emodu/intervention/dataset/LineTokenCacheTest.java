package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.chat.ChatMessage;
import org.emodu.intervention.core.chat.ChatTokenCounter;
import org.emodu.intervention.core.chat.PromptProfile;
import org.junit.jupiter.api.Test;

class LineTokenCacheTest {

  private static final ChatTokenCounter COUNTER = ChatTokenCounter.cl100k();

  @Property(tries = 3_000)
  void countsExactlyWhatTheTokenizerCountsForAnyText(@ForAll("texts") String text) {
    LineTokenCache cache = new LineTokenCache(COUNTER);
    assertThat(cache.count(text)).isEqualTo(COUNTER.countText(text));
    assertThat(cache.count(text)).as("again, from the cache").isEqualTo(COUNTER.countText(text));
  }

  @Test
  void countsEveryBuiltInTrainingMessageExactly() {
    LineTokenCache cache = new LineTokenCache(COUNTER);
    FineTuningFileBuilder builder = new FineTuningFileBuilder(PromptProfile.base("m"));
    for (Exemplar exemplar : ExemplarCorpus.builtIn().exemplars()) {
      for (int rendering = 1; rendering <= 3; rendering++) {
        for (ChatMessage message : builder.messages(exemplar, rendering)) {
          assertThat(cache.count(message.content())).isEqualTo(COUNTER.countText(message.content()));
        }
      }
    }
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> pieces = Arbitraries.of("\n", "\r\n", "\n\n", " ", "  ", "a", "Budi", "X-IPA-1", "7", "123", "2024", ".", ":", "!\n",
        "'s", "'S", "'ll", "'", "é", "e\u0301", "😄", "👩\u200D💻", "\uFE0F", "\u00B2", "Ⅻ", "\t", "Emotion: bored", "Kelas 5A", "Subject:",
        "?", "\"", "-", "ß", "日本", "\u00A0", "\u3000", "\u2009", " semangat", " {username}", "{subject}", " 12", "_", "ABC", " I'm");
    return pieces.list().ofMaxSize(25).map(list -> String.join("", list));
  }
}
