package org.emodu.intervention.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The four EDA operations (Wei and Zou, 2019) on one text, adapted so that a variant keeps what
 * the intervention needs: placeholders, emoji and the vocabulary's protected words (particles,
 * connectors, negations, modal words, pronouns, emotion names and the reinforcement's cue words)
 * are never replaced, deleted, moved or copied, and nothing is inserted after a closing emoji. The
 * strength {@code alpha} is EDA's: about {@code alpha} of the words change, at least one.
 * Deterministic for a given random source.
 *
 * <p>EDA was designed for the inputs of a classifier, where word salad does little harm; here the
 * variant is the text a model learns to write. Synonym replacement from a curated lexicon keeps
 * Indonesian fluent; random insertion and swap almost never do, and deletion often drops a word the
 * sentence needs. {@link VariantGate} turns away what shows it.
 */
final class LocalAugmentation {

  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

  private final SynonymLexicon lexicon;
  private final GateVocabulary vocabulary;
  private final double strength;
  private final java.util.Map<String, Boolean> editable = new java.util.concurrent.ConcurrentHashMap<>();

  LocalAugmentation(SynonymLexicon lexicon, GateVocabulary vocabulary, double strength) {
    this.lexicon = lexicon;
    this.vocabulary = vocabulary;
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
    List<Integer> candidates = positions(chunks, chunk -> editable(chunk) && lexicon.knows(chunk.core()));
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
      List<Integer> sources = positions(result, chunk -> editable(chunk) && lexicon.knows(chunk.core()));
      if (sources.isEmpty()) {
        break;
      }
      Chunk source = result.get(sources.get(random.nextInt(sources.size())));
      List<String> synonyms = lexicon.synonymsOf(source.core().toLowerCase(Locale.ROOT));
      String inserted = synonyms.get(random.nextInt(synonyms.size()));
      // After the first piece, so the opening word (often a greeting or the name) stays first, and
      // before a closing emoji, so that the message still ends with it.
      int end = closesWithEmoji(result) ? result.size() - 1 : result.size();
      int at = end <= 1 ? end : 1 + random.nextInt(end);
      result.add(at, Chunk.word(inserted));
    }
    return result;
  }

  private List<Chunk> swap(List<Chunk> chunks, int changes, SplittableRandom random) {
    List<Chunk> result = new ArrayList<>(chunks);
    List<Integer> movable = positions(chunks, this::editable);
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
    List<Integer> deletable = positions(chunks, this::editable);
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

  /** Whether a method may touch a chunk: a word the vocabulary does not protect. */
  private boolean editable(Chunk chunk) {
    // Every candidate variant asks again about the same few hundred words; remember the answers.
    return chunk.isWord() && editable.computeIfAbsent(chunk.core(), word -> !vocabulary.isProtected(word));
  }

  /** Whether the last piece holds an emoji (punctuation-only pieces after it aside). */
  private static boolean closesWithEmoji(List<Chunk> chunks) {
    return !chunks.isEmpty() && !chunks.get(chunks.size() - 1).isWord() && Chunk.hasEmoji(chunks.get(chunks.size() - 1).core());
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
