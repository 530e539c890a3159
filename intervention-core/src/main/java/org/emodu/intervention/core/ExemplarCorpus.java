package org.emodu.intervention.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.emodu.intervention.core.internal.io.JsonLines;
import org.emodu.intervention.core.internal.io.LineReader;
import org.emodu.intervention.core.internal.io.MalformedLineException;
import org.emodu.intervention.core.internal.io.UntrustedText;

/**
 * An immutable collection of {@link Exemplar}s read from the exemplar JSON Lines format:
 * {@code {"id", "emotion", "reinforcement", "arcs", "text", "source_id"?, "origin"?}} one a line.
 * Emotion, reinforcement and ARCS names are parsed as the request fields are; unknown keys are
 * ignored; blank lines are skipped. Reading reports every bad line by number.
 */
public final class ExemplarCorpus {

  private static final String BUILT_IN_RESOURCE = "exemplars.jsonl";

  private final String name;
  private final List<Exemplar> exemplars;
  private final Map<Strategy, List<Exemplar>>[] byEmotion;

  @SuppressWarnings("unchecked")
  private ExemplarCorpus(String name, List<Exemplar> exemplars) {
    this.name = name;
    this.exemplars = List.copyOf(exemplars);
    this.byEmotion = new Map[Emotion.values().length];
    for (Emotion emotion : Emotion.values()) {
      byEmotion[emotion.ordinal()] = new HashMap<>();
    }
    for (Exemplar exemplar : this.exemplars) {
      byEmotion[exemplar.emotion().ordinal()]
          .computeIfAbsent(exemplar.strategy(), strategy -> new ArrayList<>())
          .add(exemplar);
    }
    for (Map<Strategy, List<Exemplar>> strategies : byEmotion) {
      strategies.replaceAll((strategy, list) -> List.copyOf(list));
    }
  }

  /**
   * A corpus of the given exemplars.
   *
   * @throws IllegalArgumentException when the list is empty or two exemplars share an id
   */
  public static ExemplarCorpus of(String name, List<Exemplar> exemplars) {
    if (exemplars.isEmpty()) {
      throw new IllegalArgumentException("the exemplar corpus " + name + " is empty");
    }
    Set<String> ids = new HashSet<>();
    for (Exemplar exemplar : exemplars) {
      if (!ids.add(exemplar.id())) {
        throw new IllegalArgumentException("the exemplar corpus " + name + " has the id " + exemplar.id() + " twice");
      }
    }
    return new ExemplarCorpus(name, exemplars);
  }

  /** The corpus that ships with the toolkit: every emotion, reinforcement and ARCS strategy. */
  public static ExemplarCorpus builtIn() {
    return BuiltIn.CORPUS;
  }

  /**
   * Reads a corpus file. Lines are read as {@link LineReader} reads them: a line may hold at most
   * {@link LineReader#DEFAULT_MAX_LINE_BYTES} bytes (1 MiB) and must be UTF-8.
   *
   * @throws CorpusFormatException listing each bad line by number
   * @throws UncheckedIOException when the file cannot be read
   */
  public static ExemplarCorpus read(Path file) {
    try (LineReader lines = LineReader.open(file)) {
      return parse(file.getFileName().toString(), lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the exemplar corpus " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a corpus from JSON Lines; {@code name} appears in messages and as the model name.
   *
   * @param in UTF-8 JSON Lines, read to the end but not closed
   * @throws CorpusFormatException listing each bad line by number
   */
  public static ExemplarCorpus parse(String name, InputStream in) throws IOException {
    return parse(name, new LineReader(in, LineReader.DEFAULT_MAX_LINE_BYTES));
  }

  private static ExemplarCorpus parse(String name, LineReader lines) throws IOException {
    List<Exemplar> exemplars = new ArrayList<>();
    Problems problems = new Problems();
    Set<String> ids = new HashSet<>();
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
      if (line.isBlank()) {
        continue;
      }
      try {
        Exemplar exemplar = exemplar(JsonLines.parse(line, number));
        if (!ids.add(exemplar.id())) {
          problems.add("line " + number + ": the id " + UntrustedText.printable(exemplar.id(), 60) + " appears twice");
        } else {
          exemplars.add(exemplar);
        }
      } catch (MalformedLineException e) {
        problems.add(e.getMessage());
      } catch (IllegalArgumentException e) {
        problems.add("line " + number + ": " + e.getMessage());
      }
    }
    if (problems.total > 0) {
      throw new CorpusFormatException(name, problems.kept, problems.total);
    }
    if (exemplars.isEmpty()) {
      throw new CorpusFormatException(name, List.of("the corpus holds no exemplars"));
    }
    return new ExemplarCorpus(name, exemplars);
  }

  /** A name for the corpus: the built-in one's or the file's. */
  public String name() {
    return name;
  }

  public List<Exemplar> exemplars() {
    return exemplars;
  }

  public int size() {
    return exemplars.size();
  }

  /** The exemplars for an emotion and strategy, possibly none. */
  public List<Exemplar> matching(Emotion emotion, Strategy strategy) {
    return byEmotion[emotion.ordinal()].getOrDefault(strategy, List.of());
  }

  /** The exemplars for an emotion, whatever their strategy. */
  public List<Exemplar> matching(Emotion emotion) {
    List<Exemplar> all = new ArrayList<>();
    byEmotion[emotion.ordinal()].values().forEach(all::addAll);
    return Collections.unmodifiableList(all);
  }

  private static Exemplar exemplar(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    List<String> missing = new ArrayList<>();
    for (String field : List.of("id", "emotion", "reinforcement", "arcs", "text")) {
      JsonNode value = node.get(field);
      if (value == null || !value.isTextual() || value.asText().isBlank()) {
        missing.add(field);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("missing or blank text field(s): " + String.join(", ", missing));
    }
    JsonNode sourceId = node.get("source_id");
    JsonNode origin = node.get("origin");
    try {
      return new Exemplar(
          node.get("id").asText(),
          Emotion.parse(node.get("emotion").asText()),
          Reinforcement.parse(node.get("reinforcement").asText()),
          ArcsStrategy.parse(node.get("arcs").asText()),
          node.get("text").asText(),
          sourceId == null || sourceId.isNull() ? Optional.empty() : Optional.of(sourceId.asText()),
          origin == null || origin.isNull() ? "expert" : origin.asText());
    } catch (InvalidRequestException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The first problems of a file, and how many there were: a broken file of millions of lines is not held as messages. */
  private static final class Problems {
    private static final int KEPT = 1_000;
    final List<String> kept = new ArrayList<>();
    long total;

    void add(String problem) {
      total++;
      if (kept.size() < KEPT) {
        kept.add(problem);
      }
    }
  }

  /** Loaded on first use, once. */
  private static final class BuiltIn {
    static final ExemplarCorpus CORPUS = load();

    private static ExemplarCorpus load() {
      try (InputStream in = ExemplarCorpus.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the built-in exemplar corpus is missing from the classpath");
        }
        return parse("builtin-exemplars", in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the built-in exemplar corpus", e);
      }
    }
  }
}
