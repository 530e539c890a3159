package org.emodu.intervention.dataset;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.Reinforcement;
import org.emodu.intervention.core.internal.Text;
import org.emodu.intervention.dataset.GateVocabulary.Cue;

/**
 * Decides whether an augmented variant is fit to train on: fluent Indonesian that still says what
 * its source says, with its labels still true. {@link Augmenter} asks it about every variant it
 * makes and {@link Cleaner} about every variant in a corpus, so a corpus augmented elsewhere is
 * checked too. A rejection names its reason:
 *
 * <ul>
 *   <li>{@code placeholder-changed}, {@code emoji-lost}, {@code emoji-moved}: the placeholders are
 *       not the source's, an emoji of the source is gone, or the emoji are not in the source's order;
 *   <li>{@code after-closing-emoji}: the source ends with an emoji and the variant has a word after it;
 *   <li>{@code doubled-word}: the same word twice in a row ("bintang emas emas");
 *   <li>{@code label-cue-lost}: a positive variant no longer gives what its source gives (a reward of
 *       {@link GateVocabulary}), or a negative one no longer names the burden or its removal;
 *   <li>{@code opposite-cue-added}: the variant gains a cue of the other reinforcement, such as a
 *       reward in a negative exemplar ("kuis tambahan" turned "kuis bonus");
 *   <li>{@code assumption-added}: the variant gains a word that guesses a cause or claims what the
 *       system has not seen ("karena", "tadi");
 *   <li>for variants of the word-edit methods (synonym, insertion, swap, deletion), wherever they
 *       were made, the edit itself: {@code protected-word-changed} (a particle, connector,
 *       negation, emotion or cue word replaced, other than by an equivalent form, or deleted),
 *       {@code not-a-lexicon-synonym} (a word
 *       replaced by one the lexicon does not list for it), {@code content-word-deleted},
 *       {@code word-inserted} (a word other than the vocabulary's optional ones dropped or added)
 *       and {@code word-order-changed} (a word moved);
 *   <li>{@code meaning-drift}: the similarity to the source is below the threshold.
 * </ul>
 *
 * <p>A variant whose source is not at hand is held to what it can be checked against alone: the
 * cues of its own reinforcement, no cue of the other, no assumption, no doubled word. Immutable and
 * thread-safe.
 */
public final class VariantGate {

  /** The chrF++ a variant needs by default; see docs/dataset.md for how it was chosen. */
  public static final double DEFAULT_MIN_SIMILARITY = 0.35;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}\\s]*\\}");
  private static final Set<String> WORD_EDITS = Set.of(
      AugmentationMethod.SYNONYM.origin(), AugmentationMethod.INSERTION.origin(),
      AugmentationMethod.SWAP.origin(), AugmentationMethod.DELETION.origin());

  private final GateVocabulary vocabulary;
  private final SynonymLexicon lexicon;
  private final TextSimilarity similarity;
  private final double minSimilarity;

  private VariantGate(GateVocabulary vocabulary, SynonymLexicon lexicon, TextSimilarity similarity, double minSimilarity) {
    this.vocabulary = vocabulary;
    this.lexicon = lexicon;
    this.similarity = similarity;
    this.minSimilarity = minSimilarity;
  }

  /** The gate with the built-in vocabulary and lexicon, chrF++ at {@value #DEFAULT_MIN_SIMILARITY}. */
  public static VariantGate standard() {
    return Standard.GATE;
  }

  /** This gate with other cue, protected and optional words. */
  public VariantGate vocabulary(GateVocabulary newVocabulary) {
    return new VariantGate(Objects.requireNonNull(newVocabulary, "vocabulary"), lexicon, similarity, minSimilarity);
  }

  /** This gate judging synonym replacements by another lexicon (the one the variants were made with). */
  public VariantGate lexicon(SynonymLexicon newLexicon) {
    return new VariantGate(vocabulary, Objects.requireNonNull(newLexicon, "lexicon"), similarity, minSimilarity);
  }

  /**
   * This gate with another measure of closeness and the least a variant needs.
   *
   * @param minimum from 0 (no similarity check) to 1
   */
  public VariantGate similarity(TextSimilarity measure, double minimum) {
    if (!(minimum >= 0 && minimum <= 1)) {
      throw new IllegalArgumentException("minSimilarity must be from 0 to 1, got " + minimum);
    }
    return new VariantGate(vocabulary, lexicon, Objects.requireNonNull(measure, "measure"), minimum);
  }

  public GateVocabulary vocabulary() {
    return vocabulary;
  }

  public SynonymLexicon lexicon() {
    return lexicon;
  }

  public double minSimilarity() {
    return minSimilarity;
  }

  /** Why a variant is not fit to train on, or empty when it is. */
  public Optional<Rejection> check(Exemplar variant, Optional<Exemplar> source) {
    return source.isPresent() ? forSource(source.get()).check(variant) : checkAlone(variant);
  }

  /**
   * The gate prepared for one source: what every variant is checked against is worked out once,
   * so checking many variants of a source costs little more than reading them.
   */
  public SourceGate forSource(Exemplar source) {
    return new SourceGate(facts(source.text(), true));
  }

  /** A variant whose source is not at hand: the cues of its reinforcement, no assumption, no doubled word. */
  private Optional<Rejection> checkAlone(Exemplar variant) {
    Facts facts = facts(variant.text(), false);
    if (!facts.doubled().isEmpty()) {
      return reject("doubled-word", "'" + facts.doubled() + " " + facts.doubled() + "'");
    }
    return cues(variant.reinforcement(), facts, Optional.empty());
  }

  /** The {@link VariantGate} prepared for the variants of one source; immutable and thread-safe. */
  public final class SourceGate {

    private final Facts source;

    private SourceGate(Facts source) {
      this.source = source;
    }

    /** Why a variant of this source is not fit to train on, or empty when it is. */
    public Optional<Rejection> check(Exemplar variant) {
      Facts facts = facts(variant.text(), false);
      if (!facts.doubled().isEmpty() && !facts.doubled().equals(source.doubled())) {
        return reject("doubled-word", "'" + facts.doubled() + " " + facts.doubled() + "'");
      }
      if (!facts.placeholders().equals(source.placeholders())) {
        return reject("placeholder-changed", "placeholders " + source.placeholders() + " in the source, " + facts.placeholders() + " here");
      }
      for (String each : source.emoji()) {
        if (!facts.emoji().contains(each)) {
          return reject("emoji-lost", "the source's " + each + " is gone");
        }
      }
      if (!facts.emoji().equals(source.emoji())) {
        return reject("emoji-moved", "emoji " + String.join(" ", source.emoji()) + " in the source, "
            + String.join(" ", facts.emoji()) + " here");
      }
      if (source.closesWithEmoji() && !facts.closesWithEmoji()) {
        return reject("after-closing-emoji", "'" + lastWord(facts.words()) + "' follows the closing emoji");
      }
      Optional<Rejection> cues = cues(variant.reinforcement(), facts, Optional.of(source));
      if (cues.isPresent()) {
        return cues;
      }
      if (WORD_EDITS.contains(variant.origin())) {
        Optional<Rejection> edit = edit(source.tokens(), WordAlignment.tokens(facts.chunks()));
        if (edit.isPresent()) {
          return edit;
        }
      }
      if (minSimilarity > 0) {
        double score = source.profile() != null
            ? ChrfSimilarity.similarity(source.profile(), ChrfSimilarity.profile(facts.text()))
            : similarity.similarity(source.text(), facts.text());
        if (score < minSimilarity) {
          return reject("meaning-drift", String.format(Locale.ROOT, "%s %.2f with the source, below %.2f", similarity, score, minSimilarity));
        }
      }
      return Optional.empty();
    }
  }

  /**
   * What the checks read of one text, worked out once. The alignment tokens and the n-gram profile
   * are kept for a source only; a variant's are made when a check reaches them.
   */
  private record Facts(String text, List<Chunk> chunks, List<String> words, Map<Cue, String> cues, String assumption, String doubled,
      List<String> placeholders, List<String> emoji, boolean closesWithEmoji, List<WordAlignment.Token> tokens,
      ChrfSimilarity.Profile profile) {}

  private Facts facts(String text, boolean source) {
    List<Chunk> chunks = LocalAugmentation.chunks(text);
    List<String> words = GateVocabulary.words(chunks);
    Map<Cue, String> cues = new EnumMap<>(Cue.class);
    for (Cue cue : Cue.values()) {
      cues.put(cue, vocabulary.firstCue(cue, words));
    }
    return new Facts(text, chunks, words, cues, vocabulary.firstAssumption(chunks), doubled(chunks), placeholders(text), emoji(text),
        endsWithEmoji(text), source ? WordAlignment.tokens(chunks) : List.of(),
        source && minSimilarity > 0 && similarity instanceof ChrfSimilarity ? ChrfSimilarity.profile(text) : null);
  }

  private Optional<Rejection> cues(Reinforcement reinforcement, Facts variant, Optional<Facts> source) {
    List<Cue> needed = reinforcement == Reinforcement.POSITIVE ? List.of(Cue.REWARD) : List.of(Cue.REMOVAL, Cue.BURDEN);
    // A positive text may say "nggak usah buru-buru"; only a removal with a burden takes one away.
    List<Cue> opposite = reinforcement == Reinforcement.POSITIVE ? List.of(Cue.REMOVAL, Cue.BURDEN) : List.of(Cue.REWARD);
    for (Cue cue : needed) {
      String inSource = source.map(facts -> facts.cues().get(cue)).orElse("");
      boolean required = source.isEmpty() || !inSource.isEmpty();
      if (required && variant.cues().get(cue).isEmpty()) {
        return reject("label-cue-lost", source.isEmpty()
            ? "a " + reinforcement + " exemplar names no " + cue.section() + " of the vocabulary"
            : "the source's " + cue.section() + " '" + inSource + "' is gone");
      }
    }
    boolean sourceHasOpposite = source.map(facts -> opposite.stream().allMatch(cue -> !facts.cues().get(cue).isEmpty())).orElse(false);
    if (!sourceHasOpposite && opposite.stream().allMatch(cue -> !variant.cues().get(cue).isEmpty())) {
      return reject("opposite-cue-added", "'" + variant.cues().get(opposite.get(0)) + "' is a " + opposite.get(0).section()
          + " cue in a " + reinforcement + " exemplar");
    }
    if (!variant.assumption().isEmpty() && source.map(facts -> facts.assumption().isEmpty()).orElse(true)) {
      return reject("assumption-added", "'" + variant.assumption() + "' guesses a cause or claims what the system has not seen");
    }
    return Optional.empty();
  }

  private Optional<Rejection> edit(List<WordAlignment.Token> source, List<WordAlignment.Token> variant) {
    WordAlignment alignment = WordAlignment.of(source, variant);
    if (!alignment.moved().isEmpty()) {
      return reject("word-order-changed", "'" + alignment.moved() + "' moved");
    }
    for (WordAlignment.Hunk hunk : alignment.hunks()) {
      String before = joined(hunk.removed());
      String after = joined(hunk.added());
      if (vocabulary.equivalent(before.toLowerCase(Locale.ROOT), after.toLowerCase(Locale.ROOT))) {
        continue;
      }
      for (WordAlignment.Token token : hunk.removed()) {
        if (!token.word() || vocabulary.isProtected(token.text())) {
          return reject("protected-word-changed", hunk.added().isEmpty()
              ? "'" + token.text() + "' was deleted"
              : "'" + before + "' became '" + after + "'");
        }
      }
      if (!hunk.removed().isEmpty() && !hunk.added().isEmpty()) {
        if (!endorsed(hunk.removed(), hunk.added())) {
          return reject("not-a-lexicon-synonym", "'" + before + "' became '" + after + "', which the lexicon does not list as its synonym");
        }
      } else if (hunk.added().isEmpty()) {
        for (WordAlignment.Token token : hunk.removed()) {
          if (!vocabulary.isOptional(token.text())) {
            return reject("content-word-deleted", "'" + token.text() + "' was deleted");
          }
        }
      } else {
        for (WordAlignment.Token token : hunk.added()) {
          if (!token.word() || !vocabulary.isOptional(token.text())) {
            return reject("word-inserted", "'" + token.text() + "' was inserted");
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Whether the added words are, in order, lexicon synonyms of the removed ones. */
  private boolean endorsed(List<WordAlignment.Token> removed, List<WordAlignment.Token> added) {
    if (removed.isEmpty()) {
      return added.isEmpty();
    }
    List<String> synonyms = lexicon.synonymsOf(removed.get(0).text()).stream().map(synonym -> synonym.toLowerCase(Locale.ROOT)).toList();
    StringBuilder phrase = new StringBuilder();
    for (int taken = 1; taken <= added.size(); taken++) {
      WordAlignment.Token token = added.get(taken - 1);
      if (!token.word()) {
        return false;
      }
      phrase.append(taken > 1 ? " " : "").append(token.key());
      if (synonyms.contains(phrase.toString()) && endorsed(removed.subList(1, removed.size()), added.subList(taken, added.size()))) {
        return true;
      }
    }
    return false;
  }

  /** The same word twice in a row with nothing between ("emas emas"); "gambar, gambar apa" is not doubled. */
  private static String doubled(List<Chunk> chunks) {
    for (int i = 1; i < chunks.size(); i++) {
      Chunk before = chunks.get(i - 1);
      Chunk chunk = chunks.get(i);
      if (before.isWord() && chunk.isWord() && before.suffix().isEmpty() && chunk.prefix().isEmpty()
          && before.core().equalsIgnoreCase(chunk.core())) {
        return chunk.core().toLowerCase(Locale.ROOT);
      }
    }
    return "";
  }

  private static String joined(List<WordAlignment.Token> tokens) {
    return String.join(" ", tokens.stream().map(WordAlignment.Token::text).toList());
  }

  private static List<String> placeholders(String text) {
    if (text.indexOf('{') < 0) {
      return List.of();
    }
    List<String> found = new ArrayList<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group());
    }
    found.sort(null);
    return found;
  }

  /** The emoji of a text in order, one entry per emoji code point. */
  private static List<String> emoji(String text) {
    List<String> found = new ArrayList<>();
    text.codePoints().filter(Text::isEmoji).forEach(codePoint -> found.add(new String(Character.toChars(codePoint))));
    return found;
  }

  /** Whether nothing but punctuation and spaces follows the text's last emoji. */
  private static boolean endsWithEmoji(String text) {
    for (int i = text.length(); i > 0; ) {
      int codePoint = text.codePointBefore(i);
      if (Text.isEmoji(codePoint)) {
        return true;
      }
      if (Character.isLetterOrDigit(codePoint) || codePoint == '}') {
        return false;
      }
      i -= Character.charCount(codePoint);
    }
    return false;
  }

  private static String lastWord(List<String> words) {
    return words.isEmpty() ? "" : words.get(words.size() - 1);
  }

  private static Optional<Rejection> reject(String reason, String detail) {
    return Optional.of(new Rejection(reason, detail));
  }

  /**
   * Why a variant was turned away.
   *
   * @param reason one of the names listed on {@link VariantGate}
   * @param detail what exactly, such as the word that changed
   */
  public record Rejection(String reason, String detail) {
    public Rejection {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  private static final class Standard {
    static final VariantGate GATE = new VariantGate(
        GateVocabulary.builtIn(), SynonymLexicon.builtIn(), new ChrfSimilarity(), DEFAULT_MIN_SIMILARITY);
  }
}
