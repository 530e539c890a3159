package org.emodu.intervention.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.generation.OutputPolicy;
import org.emodu.intervention.core.internal.Text;
import org.emodu.intervention.core.tools.IllegalParameterException;

/**
 * Cleans a corpus: normalises every text ({@link TextNormalizer}), drops what breaks the output
 * policy (empty, over the word limit, no emoji), every augmented variant the {@link VariantGate}
 * turns away (checked against its source when the corpus holds it, so a corpus augmented
 * elsewhere is checked too), exact duplicates, and near-duplicates whose normalised word sets
 * have a Jaccard similarity at or above the threshold.
 *
 * <p>Near-duplicates are looked for between different source groups by default: a variant and
 * its own source are meant to be alike, while a near-copy in another group adds nothing and,
 * worse, could land on the other side of a train/test split. {@link #withinGroups} looks inside
 * groups too. When two exemplars clash, the one made by an expert (not augmented) wins, then the
 * one earlier in the input. The result keeps the input's order.
 *
 * <p>Idempotent: cleaning a cleaned corpus changes and drops nothing. Immutable and thread-safe.
 */
public final class Cleaner {

  /** The near-duplicate threshold unless told otherwise. */
  public static final double DEFAULT_THRESHOLD = 0.85;

  private static final Pattern TOKEN_SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}{}_-]+");

  private final double threshold;
  private final boolean withinGroups;
  private final OutputPolicy policy;
  private final VariantGate gate;

  private Cleaner(double threshold, boolean withinGroups, OutputPolicy policy, VariantGate gate) {
    this.threshold = threshold;
    this.withinGroups = withinGroups;
    this.policy = policy;
    this.gate = gate;
  }

  /**
   * The default cleaner: threshold {@value #DEFAULT_THRESHOLD}, across groups, the standard output
   * policy and the standard variant gate.
   */
  public static Cleaner standard() {
    return new Cleaner(DEFAULT_THRESHOLD, false, OutputPolicy.standard(), VariantGate.standard());
  }

  /**
   * This cleaner with another near-duplicate threshold.
   *
   * @param threshold from 0 (exclusive) to 1; 1 drops only texts with the same words
   */
  public Cleaner threshold(double threshold) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalParameterException("threshold", "must be above 0 and at most 1, got " + threshold);
    }
    return new Cleaner(threshold, withinGroups, policy, gate);
  }

  /** This cleaner looking for near-duplicates inside source groups as well. */
  public Cleaner withinGroups(boolean within) {
    return new Cleaner(threshold, within, policy, gate);
  }

  /** This cleaner with another output policy (word limit). */
  public Cleaner policy(OutputPolicy newPolicy) {
    return new Cleaner(threshold, withinGroups, newPolicy, gate);
  }

  /** This cleaner with another variant gate (other vocabulary, lexicon or similarity). */
  public Cleaner gate(VariantGate newGate) {
    return new Cleaner(threshold, withinGroups, policy, java.util.Objects.requireNonNull(newGate, "gate"));
  }

  public CleaningResult clean(List<Exemplar> exemplars) {
    List<Integer> priority = new ArrayList<>();
    for (int i = 0; i < exemplars.size(); i++) {
      priority.add(i);
    }
    // Expert items claim their text before augmented ones; ties keep the input order.
    priority.sort(Comparator.comparing((Integer index) -> CorpusFiles.isAugmented(exemplars.get(index))).thenComparing(index -> index));

    Exemplar[] kept = new Exemplar[exemplars.size()];
    List<CleaningResult.Dropped> dropped = new ArrayList<>();
    Map<String, String> byText = new HashMap<>();
    Map<String, Integer> vocabulary = new HashMap<>();
    List<Keeper> keepers = new ArrayList<>();
    Map<String, Exemplar> keptById = new HashMap<>();
    Map<String, VariantGate.SourceGate> gates = new HashMap<>();
    for (int index : priority) {
      Exemplar exemplar = exemplars.get(index);
      String text = TextNormalizer.normalize(exemplar.text());
      Optional<String[]> policyProblem = policyProblem(text);
      if (policyProblem.isPresent()) {
        dropped.add(new CleaningResult.Dropped(exemplar.id(), policyProblem.get()[0], policyProblem.get()[1], text));
        continue;
      }
      Exemplar normalised = text.equals(exemplar.text()) ? exemplar
          : new Exemplar(exemplar.id(), exemplar.emotion(), exemplar.reinforcement(), exemplar.arcs(), text,
              exemplar.sourceId(), exemplar.origin());
      if (CorpusFiles.isAugmented(exemplar)) {
        // Sources come first in this order, so a variant meets its source as cleaned, or not at all.
        Optional<Exemplar> source = exemplar.sourceId().map(keptById::get);
        Optional<VariantGate.Rejection> rejection = source.isPresent()
            ? gates.computeIfAbsent(source.get().id(), id -> gate.forSource(source.get())).check(normalised)
            : gate.check(normalised, Optional.empty());
        if (rejection.isPresent()) {
          dropped.add(new CleaningResult.Dropped(exemplar.id(), rejection.get().reason(), rejection.get().detail(), text));
          continue;
        }
      }
      String duplicateOf = byText.get(text);
      if (duplicateOf != null) {
        dropped.add(new CleaningResult.Dropped(exemplar.id(), "exact-duplicate", "the same text as " + duplicateOf, text));
        continue;
      }
      int[] tokens = tokens(text, vocabulary);
      String group = CorpusFiles.groupOf(exemplar);
      Optional<String> near = nearDuplicate(tokens, group, keepers);
      if (near.isPresent()) {
        dropped.add(new CleaningResult.Dropped(exemplar.id(), "near-duplicate", near.get(), text));
        continue;
      }
      byText.put(text, exemplar.id());
      keepers.add(new Keeper(exemplar.id(), group, tokens));
      kept[index] = normalised;
      keptById.putIfAbsent(exemplar.id(), normalised);
    }
    List<Exemplar> keptInOrder = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < kept.length; i++) {
      if (kept[i] != null) {
        keptInOrder.add(kept[i]);
        if (!kept[i].text().equals(exemplars.get(i).text())) {
          changed.add(kept[i].id());
        }
      }
    }
    Map<String, Integer> order = new HashMap<>();
    for (int i = 0; i < exemplars.size(); i++) {
      order.putIfAbsent(exemplars.get(i).id(), i);
    }
    dropped.sort(Comparator.comparing(item -> order.getOrDefault(item.id(), Integer.MAX_VALUE)));
    return new CleaningResult(keptInOrder, dropped, changed);
  }

  private Optional<String[]> policyProblem(String text) {
    if (text.isEmpty()) {
      return Optional.of(new String[] {"empty", "the text is empty after normalisation"});
    }
    int words = Text.countWords(text);
    if (words > policy.maxWords()) {
      return Optional.of(new String[] {"over-word-limit", words + " words, more than " + policy.maxWords()});
    }
    if (!Text.hasEmoji(text)) {
      return Optional.of(new String[] {"no-emoji", "the text has no emoji"});
    }
    List<String> violations = policy.check(text);
    if (!violations.isEmpty()) {
      return Optional.of(new String[] {"output-policy", String.join("; ", violations)});
    }
    return Optional.empty();
  }

  private Optional<String> nearDuplicate(int[] tokens, String group, List<Keeper> keepers) {
    if (tokens.length == 0) {
      return Optional.empty();
    }
    for (Keeper keeper : keepers) {
      if (!withinGroups && keeper.group().equals(group)) {
        continue;
      }
      int smaller = Math.min(tokens.length, keeper.tokens().length);
      int larger = Math.max(tokens.length, keeper.tokens().length);
      // Jaccard can be at most smaller / larger; skip pairs that cannot reach the threshold.
      if (smaller == 0 || (double) smaller / larger < threshold) {
        continue;
      }
      double similarity = jaccard(tokens, keeper.tokens());
      if (similarity >= threshold) {
        return Optional.of(String.format(Locale.ROOT, "Jaccard %.2f with %s (threshold %.2f)", similarity, keeper.id(), threshold));
      }
    }
    return Optional.empty();
  }

  /** Jaccard similarity of two sorted sets of token numbers. */
  static double jaccard(int[] first, int[] second) {
    int shared = 0;
    int i = 0;
    int j = 0;
    while (i < first.length && j < second.length) {
      if (first[i] == second[j]) {
        shared++;
        i++;
        j++;
      } else if (first[i] < second[j]) {
        i++;
      } else {
        j++;
      }
    }
    int union = first.length + second.length - shared;
    return union == 0 ? 1.0 : (double) shared / union;
  }

  /** The normalised word set of a text: lower case, punctuation and emoji left out, placeholders kept. */
  static Set<String> words(String text) {
    Set<String> words = new LinkedHashSet<>();
    for (String token : TOKEN_SEPARATOR.split(text.toLowerCase(Locale.ROOT))) {
      String word = token.replaceAll("^[-_]+|[-_]+$", "");
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }

  private static int[] tokens(String text, Map<String, Integer> vocabulary) {
    int[] numbers = words(text).stream().mapToInt(word -> vocabulary.computeIfAbsent(word, key -> vocabulary.size())).toArray();
    Arrays.sort(numbers);
    return numbers;
  }

  private record Keeper(String id, String group, int[] tokens) {}
}
