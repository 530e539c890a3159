package org.emodu.intervention.evaluation.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.InvalidRequestException;
import org.emodu.intervention.core.generation.StrategySelector;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.internal.io.JsonLines;
import org.emodu.intervention.core.internal.io.LineReader;
import org.emodu.intervention.core.internal.io.MalformedLineException;
import org.emodu.intervention.core.internal.io.UntrustedText;

/**
 * Reads an evaluation set: JSON Lines of {@code {"id"?, "username", "emotion", "reinforcement"?,
 * "arcs"?, "classname", "subject", "reference"}}. Field values are parsed as the core parses
 * requests; a missing reinforcement or ARCS strategy is chosen for the emotion. Every bad line is
 * reported by number before anything runs, so no paid call is made for a set that cannot finish.
 */
public final class EvaluationSet {

  private EvaluationSet() {}

  /**
   * Reads every item of a file.
   *
   * @throws IllegalArgumentException naming each bad line and what is wrong with it
   * @throws UncheckedIOException when the file cannot be read
   */
  public static List<EvaluationItem> read(Path file) {
    List<EvaluationItem> items = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    try (LineReader lines = LineReader.open(file)) {
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
          JsonNode node = JsonLines.parse(line, number);
          String id = node.hasNonNull("id") ? node.get("id").asText() : "line-" + number;
          if (!ids.add(id)) {
            problems.add("line " + number + ": the id " + UntrustedText.printable(id, 60) + " appears twice");
            continue;
          }
          items.add(item(node, id));
        } catch (MalformedLineException e) {
          problems.add(e.getMessage());
        } catch (IllegalArgumentException e) {
          problems.add("line " + number + ": " + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the evaluation set " + file + ": " + e.getMessage(), e);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the evaluation set " + file + " has " + problems.size()
          + " bad line(s): " + String.join("; ", problems.subList(0, Math.min(20, problems.size())))
          + (problems.size() > 20 ? "; ..." : ""));
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("the evaluation set " + file + " holds no items");
    }
    return items;
  }

  private static EvaluationItem item(JsonNode node, String id) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    String reference = text(node, "reference");
    InterventionRequest request;
    try {
      request = InterventionRequest.builder()
          .username(text(node, "username"))
          .emotion(text(node, "emotion"))
          .reinforcement(text(node, "reinforcement"))
          .arcs(text(node, "arcs"))
          .classname(text(node, "classname"))
          .subject(text(node, "subject"))
          .build(StrategySelector.standard());
    } catch (InvalidRequestException e) {
      throw new IllegalArgumentException(e.getMessage() + (reference == null || reference.isBlank()
          ? "; reference is missing: every evaluation record needs the text a good answer resembles" : ""), e);
    }
    if (reference == null || reference.isBlank()) {
      throw new IllegalArgumentException("reference is missing: every evaluation record needs the text a good answer resembles");
    }
    return new EvaluationItem(id, request, reference.strip());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
