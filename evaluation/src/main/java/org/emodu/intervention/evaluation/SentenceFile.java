package org.emodu.intervention.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.emodu.intervention.core.internal.io.JsonLines;
import org.emodu.intervention.core.internal.io.LineReader;
import org.emodu.intervention.core.internal.io.MalformedLineException;

/**
 * Reads a file of sentences, one entry a line: plain text (a sentence a line) or, for files named
 * {@code .jsonl}, {@code .ndjson} or {@code .json}, JSON Lines with the sentence in a named field
 * that holds a string or a list of strings. A blank line is an error, except at the very end of a
 * file, so that lines of parallel files cannot slip out of step.
 */
final class SentenceFile {

  private SentenceFile() {}

  static boolean isJsonLines(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json");
  }

  /**
   * The entries of a file, each one or more sentences.
   *
   * @throws IllegalArgumentException naming the file and line of a blank line, a line that is not
   *     JSON, a missing or wrong field, or a file with no entries
   * @throws UncheckedIOException when the file cannot be read
   */
  static List<List<String>> read(Path file, String field) {
    List<String> lines = lines(file);
    int last = lines.size();
    while (last > 0 && lines.get(last - 1).isBlank()) {
      last--;
    }
    if (last == 0) {
      throw new IllegalArgumentException(file + " holds no sentences");
    }
    boolean json = isJsonLines(file);
    List<List<String>> entries = new ArrayList<>(last);
    for (int i = 0; i < last; i++) {
      String line = lines.get(i);
      int number = i + 1;
      if (line.isBlank()) {
        throw new IllegalArgumentException(file + " line " + number + " is empty; every line must hold "
            + (json ? "a JSON object" : "a sentence") + ", so that line N of each file pairs up");
      }
      entries.add(json ? fromJson(file, number, line, field) : List.of(line.strip()));
    }
    return entries;
  }

  private static List<String> lines(Path file) {
    try {
      return LineReader.readAllLines(file);
    } catch (MalformedLineException e) {
      throw new IllegalArgumentException(file + " " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<String> fromJson(Path file, int number, String line, String field) {
    JsonNode node;
    try {
      node = JsonLines.parse(line, number);
    } catch (MalformedLineException e) {
      throw new IllegalArgumentException(file + " " + e.getMessage(), e);
    }
    String where = file + " line " + number;
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " is not a JSON object; each line must be an object with the field '"
          + field + "'");
    }
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      throw new IllegalArgumentException(where + " has no field '" + field + "' (it has: " + String.join(", ", names)
          + "); name the field that holds the sentence");
    }
    List<String> sentences = new ArrayList<>();
    if (value.isTextual()) {
      sentences.add(value.asText());
    } else if (value.isArray() && !value.isEmpty()) {
      for (JsonNode element : value) {
        if (!element.isTextual()) {
          throw new IllegalArgumentException(where + ": the field '" + field + "' must hold text or a list of texts");
        }
        sentences.add(element.asText());
      }
    } else {
      throw new IllegalArgumentException(
          where + ": the field '" + field + "' must hold text or a non-empty list of texts");
    }
    for (String sentence : sentences) {
      if (sentence.isBlank()) {
        throw new IllegalArgumentException(where + ": the field '" + field + "' holds an empty sentence");
      }
    }
    return sentences.stream().map(String::strip).toList();
  }
}
