package org.emodu.intervention.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.emodu.intervention.core.internal.io.LineReader;
import org.emodu.intervention.core.internal.io.MalformedLineException;

/**
 * Synonyms for the synonym-replacement and random-insertion augmentations. The built-in lexicon
 * holds several hundred everyday and classroom Indonesian words written for this project; another
 * can be read from a UTF-8 file of lines {@code word: synonym, synonym}, with {@code #} comments.
 *
 * <p>Lookup ignores case and sees through the possessive and particle suffixes {@code -mu},
 * {@code -ku}, {@code -nya}, {@code -lah} and {@code -kah}, so {@code usahamu} finds the
 * synonyms of {@code usaha} and gets them back as {@code upayamu}. Immutable and thread-safe.
 */
public final class SynonymLexicon {

  private static final String BUILT_IN = "lexicon-id.txt";
  private static final List<String> SUFFIXES = List.of("nya", "mu", "ku", "lah", "kah");

  private final String name;
  private final Map<String, List<String>> synonyms;

  private SynonymLexicon(String name, Map<String, List<String>> synonyms) {
    this.name = name;
    this.synonyms = synonyms;
  }

  /** The lexicon that ships with the toolkit. */
  public static SynonymLexicon builtIn() {
    return BuiltIn.LEXICON;
  }

  /**
   * Reads a lexicon file.
   *
   * @throws IllegalArgumentException naming every bad line
   * @throws UncheckedIOException when the file cannot be read
   */
  public static SynonymLexicon read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(file.getFileName().toString(), in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lexicon " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses lexicon text; {@code name} appears in messages. */
  public static SynonymLexicon parse(String name, InputStream in) throws IOException {
    LineReader lines = new LineReader(in, LineReader.DEFAULT_MAX_LINE_BYTES);
    Map<String, List<String>> entries = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
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
      int colon = content.indexOf(':');
      if (colon < 0) {
        problems.add("line " + number + ": expected 'word: synonym, synonym'");
        continue;
      }
      String word = normalised(content.substring(0, colon));
      if (word.isEmpty() || word.chars().anyMatch(Character::isWhitespace)) {
        problems.add("line " + number + ": the head word must be a single word, got '" + content.substring(0, colon).strip() + "'");
        continue;
      }
      Set<String> values = new LinkedHashSet<>();
      for (String synonym : content.substring(colon + 1).split(",")) {
        String value = synonym.strip().replaceAll("\\s+", " ");
        if (!value.isEmpty() && !normalised(value).equals(word)) {
          values.add(value);
        }
      }
      if (values.isEmpty()) {
        problems.add("line " + number + ": '" + word + "' has no synonyms");
        continue;
      }
      if (entries.containsKey(word)) {
        problems.add("line " + number + ": '" + word + "' is listed twice");
        continue;
      }
      entries.put(word, List.copyOf(values));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the lexicon " + name + " has " + problems.size() + " problem(s): "
          + String.join("; ", problems.subList(0, Math.min(20, problems.size()))));
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("the lexicon " + name + " has no entries");
    }
    return new SynonymLexicon(name, java.util.Collections.unmodifiableMap(entries));
  }

  public String name() {
    return name;
  }

  /** How many head words the lexicon holds. */
  public int size() {
    return synonyms.size();
  }

  /** The head words, in file order. */
  public Set<String> words() {
    return synonyms.keySet();
  }

  /**
   * The synonyms of a word as it appears in a text, suffix re-attached and first letter's case
   * kept; empty when the lexicon does not know it.
   */
  public List<String> synonymsOf(String word) {
    String lower = normalised(word);
    List<String> found = synonyms.get(lower);
    String suffix = "";
    if (found == null) {
      Optional<String> stripped = SUFFIXES.stream()
          .filter(candidate -> lower.endsWith(candidate) && lower.length() - candidate.length() >= 3
              && synonyms.containsKey(lower.substring(0, lower.length() - candidate.length())))
          .findFirst();
      if (stripped.isEmpty()) {
        return List.of();
      }
      suffix = stripped.get();
      found = synonyms.get(lower.substring(0, lower.length() - suffix.length()));
    }
    boolean capitalised = !word.isEmpty() && Character.isUpperCase(word.codePointAt(0));
    List<String> result = new ArrayList<>(found.size());
    for (String synonym : found) {
      // A multi-word synonym takes the suffix on its last word, as Indonesian writes it.
      String inflected = synonym + suffix;
      result.add(capitalised ? capitalise(inflected) : inflected);
    }
    return result;
  }

  /** Whether the lexicon knows a word (suffixes seen through). */
  public boolean knows(String word) {
    String lower = normalised(word);
    if (synonyms.containsKey(lower)) {
      return true;
    }
    for (String suffix : SUFFIXES) {
      if (lower.endsWith(suffix) && lower.length() - suffix.length() >= 3
          && synonyms.containsKey(lower.substring(0, lower.length() - suffix.length()))) {
        return true;
      }
    }
    return false;
  }

  private static String capitalise(String text) {
    return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
  }

  private static String normalised(String word) {
    return word.toLowerCase(Locale.ROOT).strip();
  }

  /** Loaded on first use, once. */
  private static final class BuiltIn {
    static final SynonymLexicon LEXICON = load();

    private static SynonymLexicon load() {
      try (InputStream in = SynonymLexicon.class.getResourceAsStream(BUILT_IN)) {
        if (in == null) {
          throw new IllegalStateException("the built-in lexicon is missing from the classpath");
        }
        return parse("built-in Indonesian lexicon", in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the built-in lexicon", e);
      }
    }
  }
}
