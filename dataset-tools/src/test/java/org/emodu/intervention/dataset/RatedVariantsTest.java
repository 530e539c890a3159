package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.Reinforcement;
import org.emodu.intervention.core.internal.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gate against a careful reader: {@code rated-variants.jsonl} holds 630 variants of built-in
 * exemplars, each rated good or broken (with the problem) by a reader who saw only the source and
 * the variant. {@code set} says what made them: {@code earlier-local} the four EDA methods with the
 * lexicon this toolkit had before it was curated, {@code local} the current local methods,
 * {@code model} paraphrases as a chat model writes them, faithful or with a typical flaw. The
 * corpus of sources and variants is cleaned as {@code intervensi dataset clean} cleans it. How the
 * set was built, and every figure, is in docs/BENCHMARKS.md ("Dataset quality gate").
 */
class RatedVariantsTest {

  private record Rated(Exemplar variant, String set, boolean good, String problem) {}

  private static final List<Rated> RATED = new ArrayList<>();
  private static Set<String> dropped;

  @BeforeAll
  static void cleanTheRatedCorpus() throws IOException {
    Map<String, Exemplar> sources = new LinkedHashMap<>();
    try (InputStream in = RatedVariantsTest.class.getResourceAsStream("rated-variants.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = Json.mapper().readTree(line);
        Emotion emotion = Emotion.parse(node.get("emotion").asText());
        Reinforcement reinforcement = Reinforcement.parse(node.get("reinforcement").asText());
        ArcsStrategy arcs = ArcsStrategy.parse(node.get("arcs").asText());
        String sourceId = node.get("source_id").asText();
        sources.putIfAbsent(sourceId, new Exemplar(sourceId, emotion, reinforcement, arcs, node.get("source_text").asText(),
            Optional.empty(), "builtin"));
        Exemplar variant = new Exemplar(node.get("id").asText(), emotion, reinforcement, arcs, node.get("text").asText(),
            Optional.of(sourceId), node.get("origin").asText());
        RATED.add(new Rated(variant, node.get("set").asText(), node.get("rating").asText().equals("good"), node.get("problem").asText()));
      }
    }
    List<Exemplar> corpus = new ArrayList<>(sources.values());
    RATED.forEach(rated -> corpus.add(rated.variant()));
    dropped = Cleaner.standard().clean(corpus).dropped().stream().map(CleaningResult.Dropped::id).collect(Collectors.toSet());
  }

  private static double droppedShare(Predicate<Rated> which) {
    List<Rated> chosen = RATED.stream().filter(which).toList();
    assertThat(chosen).isNotEmpty();
    return (double) chosen.stream().filter(rated -> dropped.contains(rated.variant().id())).count() / chosen.size();
  }

  @Test
  void dropsAtLeastNinetyPercentOfTheVariantsTheReaderRatedBroken() {
    assertThat(droppedShare(rated -> !rated.good())).isGreaterThanOrEqualTo(0.90);
  }

  @Test
  void dropsAtLeastNinetyPercentOfWordSaladWordsAfterTheClosingEmojiLostLabelsAndWrongSynonyms() {
    Set<String> problems = Set.of("word-salad", "after-closing-emoji", "lost-label", "wrong-word");
    assertThat(droppedShare(rated -> !rated.good() && problems.contains(rated.problem()))).isGreaterThanOrEqualTo(0.90);
  }

  @Test
  void keepsAtLeastNinetyFivePercentOfTheGoodVariantsTheRecommendedMethodsMake() {
    Predicate<Rated> recommended = rated -> rated.set().equals("model")
        || (rated.set().equals("local") && rated.variant().origin().equals(AugmentationMethod.SYNONYM.origin()));
    assertThat(1 - droppedShare(rated -> rated.good() && recommended.test(rated))).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void keepsNoVariantOfInsertionOrSwapThatTheReaderRatedBroken() {
    assertThat(droppedShare(rated -> !rated.good() && (rated.variant().origin().equals(AugmentationMethod.INSERTION.origin())
        || rated.variant().origin().equals(AugmentationMethod.SWAP.origin())))).isEqualTo(1.0);
  }
}
