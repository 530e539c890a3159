package org.emodu.intervention.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.internal.io.LineReader;
import org.emodu.intervention.core.internal.io.MalformedLineException;

/**
 * The word lists that keep a variant's labels true and its Indonesian fluent: the cues of a
 * reinforcement (what a positive exemplar gives, what a negative one removes and the burden it
 * removes), the protected words no local method touches, the optional words a variant may drop or
 * add, the words that guess a cause or claim what the system has not seen (and the reason words
 * that do so beside a feeling), and the equivalent forms of protected words. The built-in lists were written for this project; another file in
 * the same format ({@code [section]} headers, one word or phrase a line, {@code #} comments; an
 * {@code [equivalent]} line is a comma-separated group) replaces them.
 *
 * <p>Matching ignores case and sees through the suffixes {@code -nya}, {@code -mu}, {@code -ku},
 * {@code -lah} and {@code -kah}, written with or without a hyphen, so {@code bintangnya} and
 * {@code PR-nya} are cues. Immutable and thread-safe.
 */
public final class GateVocabulary {

  /** The kinds of cue a reinforcement's label rests on. */
  public enum Cue {
    /** Something pleasant given: a positive exemplar's cue. */
    REWARD("reward"),
    /** A burden taken away: half of a negative exemplar's cue. */
    REMOVAL("removal"),
    /** The burden itself: the other half of a negative exemplar's cue. */
    BURDEN("burden");

    private final String section;

    Cue(String section) {
      this.section = section;
    }

    /** The section of the vocabulary file that lists this cue. */
    public String section() {
      return section;
    }
  }

  private static final String BUILT_IN = "gate-vocabulary-id.txt";
  private static final List<String> SUFFIXES = List.of("nya", "mu", "ku", "lah", "kah");
  private static final List<String> SECTIONS =
      List.of("reward", "removal", "burden", "protected", "optional", "assumption", "cause", "feeling", "equivalent");

  private final String name;
  /** Per cue, its phrases by their first word, so that a text is searched once, word by word. */
  private final Map<Cue, Map<String, List<String[]>>> cues;
  private final Set<String> protectedWords;
  private final Set<String> optionalWords;
  private final Map<String, List<String[]>> assumptions;
  private final Map<String, List<String[]>> causes;
  private final Set<String> feelings;
  private final Map<String, Integer> equivalenceGroups;

  private GateVocabulary(String name, Map<Cue, List<String[]>> cues, Set<String> protectedWords, Set<String> optionalWords,
      Map<String, List<String[]>> reasons, Set<String> feelings, Map<String, Integer> equivalenceGroups) {
    this.name = name;
    this.cues = new EnumMap<>(Cue.class);
    cues.forEach((cue, phrases) -> this.cues.put(cue, byFirstWord(phrases)));
    this.protectedWords = protectedWords;
    this.optionalWords = optionalWords;
    this.assumptions = byFirstWord(reasons.get("assumption"));
    this.causes = byFirstWord(reasons.get("cause"));
    this.feelings = feelings;
    this.equivalenceGroups = equivalenceGroups;
  }

  /** The lists that ship with the toolkit. */
  public static GateVocabulary builtIn() {
    return BuiltIn.VOCABULARY;
  }

  /**
   * Reads a vocabulary file.
   *
   * @throws IllegalArgumentException naming every bad line
   * @throws UncheckedIOException when the file cannot be read
   */
  public static GateVocabulary read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(file.getFileName().toString(), in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the gate vocabulary " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses vocabulary text; {@code name} appears in messages. */
  public static GateVocabulary parse(String name, InputStream in) throws IOException {
    LineReader lines = new LineReader(in, LineReader.DEFAULT_MAX_LINE_BYTES);
    Map<String, Set<String>> sections = new java.util.LinkedHashMap<>();
    SECTIONS.forEach(section -> sections.put(section, new LinkedHashSet<>()));
    List<String> problems = new ArrayList<>();
    String section = null;
    while (true) {
      String line;
      try {
        line = lines.next();
      } catch (MalformedLineException e) {
        problems.add(e.getMessage());
        continue;
      }
      if (line == null) {
        break;
      }
      long number = lines.lineNumber();
      String content = line.strip();
      if (content.isEmpty() || content.startsWith("#")) {
        continue;
      }
      if (content.startsWith("[")) {
        String header = content.endsWith("]") ? content.substring(1, content.length() - 1).strip().toLowerCase(Locale.ROOT) : "";
        if (!sections.containsKey(header)) {
          problems.add("line " + number + ": unknown section " + content + "; use one of [" + String.join("], [", SECTIONS) + "]");
          section = null;
        } else {
          section = header;
        }
        continue;
      }
      if (section == null) {
        problems.add("line " + number + ": '" + (content.length() > 40 ? content.substring(0, 40) + "..." : content) + "' comes before any [section]");
        continue;
      }
      String entry = content.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
      if (!sections.get(section).add(entry)) {
        problems.add("line " + number + ": '" + entry + "' is listed twice in [" + section + "]");
      }
    }
    for (Cue cue : Cue.values()) {
      if (sections.get(cue.section()).isEmpty()) {
        problems.add("the section [" + cue.section() + "] is missing or empty");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the gate vocabulary " + name + " has " + problems.size() + " problem(s): "
          + String.join("; ", problems.subList(0, Math.min(20, problems.size()))));
    }
    Map<Cue, List<String[]>> cues = new EnumMap<>(Cue.class);
    Set<String> protectedWords = new HashSet<>(sections.get("protected"));
    for (Cue cue : Cue.values()) {
      List<String[]> phrases = sections.get(cue.section()).stream().map(phrase -> phrase.split(" ")).toList();
      cues.put(cue, phrases);
      phrases.forEach(words -> protectedWords.addAll(Arrays.asList(words)));
    }
    protectedWords.addAll(emotionWords());
    Map<String, List<String[]>> reasons = Map.of(
        "assumption", sections.get("assumption").stream().map(phrase -> phrase.split(" ")).toList(),
        "cause", sections.get("cause").stream().map(phrase -> phrase.split(" ")).toList());
    Set<String> feelings = new HashSet<>(sections.get("feeling"));
    feelings.addAll(emotionWords());
    Map<String, Integer> groups = new java.util.HashMap<>();
    int group = 0;
    for (String forms : sections.get("equivalent")) {
      for (String form : forms.split(",")) {
        String word = form.strip();
        if (!word.isEmpty()) {
          groups.put(word, group);
        }
      }
      group++;
    }
    return new GateVocabulary(name, cues, Set.copyOf(protectedWords), Set.copyOf(sections.get("optional")),
        reasons, Set.copyOf(feelings), Map.copyOf(groups));
  }

  public String name() {
    return name;
  }

  /** The cues of each kind found in a text's words (lower case, as {@link #words} gives them). */
  public Set<Cue> cuesIn(List<String> words) {
    Set<Cue> found = java.util.EnumSet.noneOf(Cue.class);
    for (Cue cue : Cue.values()) {
      if (!firstCue(cue, words).isEmpty()) {
        found.add(cue);
      }
    }
    return found;
  }

  /** The first cue phrase of a kind in a text's words, or an empty string when there is none. */
  public String firstCue(Cue cue, List<String> words) {
    return firstPhrase(cues.get(cue), words);
  }

  /**
   * The first word or phrase of a text that guesses a cause or claims the unseen: an
   * {@code [assumption]} anywhere, or a {@code [cause]} in a sentence that names a feeling. An
   * empty string when there is none.
   */
  public String firstAssumption(String text) {
    return firstAssumption(LocalAugmentation.chunks(text));
  }

  /** {@link #firstAssumption(String)} of a text already split into chunks. */
  String firstAssumption(List<Chunk> chunks) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i <= chunks.size(); i++) {
      Chunk chunk = i < chunks.size() ? chunks.get(i) : null;
      if (chunk != null && chunk.isWord()) {
        words.add(chunk.core().toLowerCase(Locale.ROOT));
      }
      boolean sentenceEnds = chunk == null || (chunk.isWord() ? endsSentence(chunk.suffix()) : Chunk.hasEmoji(chunk.core())
          || endsSentence(chunk.core()));
      if (!sentenceEnds) {
        continue;
      }
      String found = firstPhrase(assumptions, words);
      if (found.isEmpty() && words.stream().anyMatch(word -> feelings.contains(stem(word, feelings)))) {
        found = firstPhrase(causes, words);
      }
      if (!found.isEmpty()) {
        return found;
      }
      words.clear();
    }
    return "";
  }

  private static boolean endsSentence(String punctuation) {
    return punctuation.indexOf('.') >= 0 || punctuation.indexOf('!') >= 0 || punctuation.indexOf('?') >= 0;
  }

  /** The first phrase, by its place in the text, that the words hold. */
  private static String firstPhrase(Map<String, List<String[]>> phrases, List<String> words) {
    for (int start = 0; start < words.size(); start++) {
      String word = words.get(start);
      String found = phraseAt(phrases.get(word), words, start);
      for (int i = 0; found.isEmpty() && i < SUFFIXES.size(); i++) {
        String suffix = SUFFIXES.get(i);
        if (word.length() > suffix.length() && word.endsWith(suffix)) {
          String stem = word.substring(0, word.length() - suffix.length());
          found = phraseAt(phrases.get(stem.endsWith("-") ? stem.substring(0, stem.length() - 1) : stem), words, start);
        }
      }
      if (!found.isEmpty()) {
        return found;
      }
    }
    return "";
  }

  private static String phraseAt(List<String[]> candidates, List<String> words, int start) {
    if (candidates != null) {
      for (String[] phrase : candidates) {
        if (start + phrase.length <= words.size() && matchesAt(phrase, words, start)) {
          return String.join(" ", phrase);
        }
      }
    }
    return "";
  }

  private static Map<String, List<String[]>> byFirstWord(List<String[]> phrases) {
    Map<String, List<String[]>> index = new java.util.HashMap<>();
    phrases.forEach(phrase -> index.computeIfAbsent(phrase[0], key -> new ArrayList<>()).add(phrase));
    return index;
  }

  /** Whether two words or phrases (lower case) are listed as equivalent forms of one another. */
  public boolean equivalent(String first, String second) {
    Integer group = equivalenceGroups.get(first);
    return group != null && group.equals(equivalenceGroups.get(second));
  }

  /** Whether no local method may replace, delete, move or copy this word. */
  public boolean isProtected(String word) {
    return protectedWords.contains(stem(word, protectedWords));
  }

  /** Whether a variant may drop or add this word without changing what it says. */
  public boolean isOptional(String word) {
    return optionalWords.contains(stem(word, optionalWords));
  }

  /** A text's words as the vocabulary matches them: lower case, punctuation around them left out. */
  public static List<String> words(String text) {
    return words(LocalAugmentation.chunks(text));
  }

  static List<String> words(List<Chunk> chunks) {
    List<String> words = new ArrayList<>(chunks.size());
    for (Chunk chunk : chunks) {
      if (chunk.isWord()) {
        words.add(chunk.core().toLowerCase(Locale.ROOT));
      }
    }
    return words;
  }

  private static boolean matchesAt(String[] phrase, List<String> words, int start) {
    for (int i = 0; i < phrase.length; i++) {
      if (!matches(phrase[i], words.get(start + i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(String cueWord, String word) {
    if (word.equals(cueWord)) {
      return true;
    }
    if (!word.startsWith(cueWord)) {
      return false;
    }
    String rest = word.substring(cueWord.length());
    if (rest.startsWith("-")) {
      rest = rest.substring(1);
    }
    return SUFFIXES.contains(rest);
  }

  /** The word itself when listed, else the word without a suffix when that is listed. */
  private static String stem(String word, Set<String> listed) {
    String lower = word.toLowerCase(Locale.ROOT);
    if (listed.contains(lower)) {
      return lower;
    }
    for (String suffix : SUFFIXES) {
      if (lower.endsWith(suffix) && lower.length() > suffix.length() + 1) {
        String stem = lower.substring(0, lower.length() - suffix.length());
        stem = stem.endsWith("-") ? stem.substring(0, stem.length() - 1) : stem;
        if (listed.contains(stem)) {
          return stem;
        }
      }
    }
    return lower;
  }

  private static Set<String> emotionWords() {
    return Arrays.stream(Emotion.values())
        .flatMap(emotion -> Stream.concat(Stream.of(emotion.label(), emotion.indonesian()), emotion.aliases().stream()))
        .flatMap(name -> Arrays.stream(name.toLowerCase(Locale.ROOT).split(" ")))
        .collect(Collectors.toSet());
  }

  /** Loaded on first use, once. */
  private static final class BuiltIn {
    static final GateVocabulary VOCABULARY = load();

    private static GateVocabulary load() {
      try (InputStream in = GateVocabulary.class.getResourceAsStream(BUILT_IN)) {
        if (in == null) {
          throw new IllegalStateException("the built-in gate vocabulary is missing from the classpath");
        }
        return parse("built-in Indonesian gate vocabulary", in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the built-in gate vocabulary", e);
      }
    }
  }
}
