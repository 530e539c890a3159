package org.emodu.intervention.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.emodu.intervention.core.Emotion;

/**
 * The four EDA operations (Wei and Zou, 2019) on one text, adapted so that a variant keeps what
 * the intervention needs: placeholders and emoji are never touched, negations are never deleted,
 * moved or copied, and words naming an emotion are never deleted. The strength {@code alpha} is
 * EDA's: about {@code alpha} of the words change, at least one. Deterministic for a given random
 * source.
 */
final class LocalAugmentation {

  /** Emotion names in English and Indonesian; deleting one would lose what the message answers. */
  private static final Set<String> EMOTION_WORDS = Arrays.stream(Emotion.values())
      .flatMap(emotion -> java.util.stream.Stream.concat(
          java.util.stream.Stream.of(emotion.label(), emotion.indonesian()), emotion.aliases().stream()))
      .filter(word -> !word.contains(" "))
      .map(word -> word.toLowerCase(Locale.ROOT))
      .collect(Collectors.toUnmodifiableSet());

  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

  private final SynonymLexicon lexicon;
  private final double strength;

  LocalAugmentation(SynonymLexicon lexicon, double strength) {
    this.lexicon = lexicon;
    this.strength = strength;
  }

  String apply(AugmentationMethod method, String text, SplittableRandom random) {
    return apply(method, chunks(text), random);
  }

  /** Applies a method to a text already split into chunks (split once, augmented many times). */
  String apply(AugmentationMethod method, List<Chunk> chunks, SplittableRandom random) {
    int words = (int) chunks.stream().filter(Chunk::isWord).count();
    int changes = Math.max(1, (int) (strength * words));
    List<Chunk> result = switch (method) {
      case SYNONYM -> replaceSynonyms(chunks, changes, random);
      case INSERTION -> insert(chunks, changes, random);
      case SWAP -> swap(chunks, changes, random);
      case DELETION -> delete(chunks, random);
      default -> throw new IllegalArgumentException(method + " is not a local augmentation");
    };
    return join(result);
  }

  static List<Chunk> chunks(String text) {
    List<Chunk> chunks = new ArrayList<>();
    for (String piece : WHITESPACE.split(text.strip())) {
      if (!piece.isEmpty()) {
        chunks.add(Chunk.parse(piece));
      }
    }
    return chunks;
  }

  static String join(List<Chunk> chunks) {
    StringBuilder text = new StringBuilder(128);
    for (Chunk chunk : chunks) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(chunk.prefix()).append(chunk.core()).append(chunk.suffix());
    }
    return text.toString();
  }

  private List<Chunk> replaceSynonyms(List<Chunk> chunks, int changes, SplittableRandom random) {
    List<Chunk> result = new ArrayList<>(chunks);
    List<Integer> candidates = positions(chunks, chunk -> chunk.isWord() && lexicon.knows(chunk.core()));
    shuffle(candidates, random);
    for (int i = 0; i < Math.min(changes, candidates.size()); i++) {
      int position = candidates.get(i);
      List<String> synonyms = lexicon.synonymsOf(chunks.get(position).core());
      result.set(position, chunks.get(position).withCore(synonyms.get(random.nextInt(synonyms.size()))));
    }
    return result;
  }

  private List<Chunk> insert(List<Chunk> chunks, int changes, SplittableRandom random) {
    List<Chunk> result = new ArrayList<>(chunks);
    for (int i = 0; i < changes; i++) {
      List<Integer> sources = positions(result, chunk -> chunk.isWord() && !chunk.isNegation() && lexicon.knows(chunk.core()));
      if (sources.isEmpty()) {
        break;
      }
      Chunk source = result.get(sources.get(random.nextInt(sources.size())));
      List<String> synonyms = lexicon.synonymsOf(source.core().toLowerCase(Locale.ROOT));
      String inserted = synonyms.get(random.nextInt(synonyms.size()));
      // After the first piece, so the opening word (often a greeting or the name) stays first.
      int at = result.size() <= 1 ? result.size() : 1 + random.nextInt(result.size());
      result.add(at, Chunk.word(inserted));
    }
    return result;
  }

  private static List<Chunk> swap(List<Chunk> chunks, int changes, SplittableRandom random) {
    List<Chunk> result = new ArrayList<>(chunks);
    List<Integer> movable = positions(chunks, chunk -> chunk.isWord() && !chunk.isNegation());
    if (movable.size() < 2) {
      return result;
    }
    for (int i = 0; i < changes; i++) {
      int first = movable.get(random.nextInt(movable.size()));
      int second = first;
      while (second == first) {
        second = movable.get(random.nextInt(movable.size()));
      }
      Chunk a = result.get(first);
      Chunk b = result.get(second);
      // Words move; the punctuation and capitalisation of each position stay.
      result.set(first, a.withCore(b.coreCasedLike(a)));
      result.set(second, b.withCore(a.coreCasedLike(b)));
    }
    return result;
  }

  private List<Chunk> delete(List<Chunk> chunks, SplittableRandom random) {
    List<Integer> deletable = positions(chunks, chunk -> chunk.isWord() && !chunk.isNegation()
        && !EMOTION_WORDS.contains(chunk.core().toLowerCase(Locale.ROOT)));
    if (deletable.isEmpty()) {
      return new ArrayList<>(chunks);
    }
    boolean[] deleted = new boolean[chunks.size()];
    int count = 0;
    for (int position : deletable) {
      if (random.nextDouble() < strength && count < deletable.size() - 1) {
        deleted[position] = true;
        count++;
      }
    }
    if (count == 0) {
      deleted[deletable.get(random.nextInt(deletable.size()))] = true;
    }
    List<Chunk> result = new ArrayList<>();
    boolean firstWasCapitalised = chunks.get(0).capitalised();
    for (int i = 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      if (!deleted[i]) {
        result.add(chunk);
      } else if (!chunk.suffix().isEmpty() && !result.isEmpty() && result.get(result.size() - 1).suffix().isEmpty()
          && result.get(result.size() - 1).isWord()) {
        // Keep the sentence's punctuation: a deleted word's comma or full stop moves to the word before.
        result.set(result.size() - 1, result.get(result.size() - 1).withSuffix(chunk.suffix()));
      }
    }
    if (deleted[0] && firstWasCapitalised && !result.isEmpty() && result.get(0).isWord()) {
      result.set(0, result.get(0).withCore(result.get(0).coreCasedLike(chunks.get(0))));
    }
    return result;
  }

  private static List<Integer> positions(List<Chunk> chunks, java.util.function.Predicate<Chunk> test) {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      if (test.test(chunks.get(i))) {
        positions.add(i);
      }
    }
    return positions;
  }

  private static void shuffle(List<Integer> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Integer swapped = list.get(i);
      list.set(i, list.get(j));
      list.set(j, swapped);
    }
  }
}
