package org.emodu.intervention.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Indonesian student names, class names and subjects that fill an exemplar's placeholders when
 * it becomes a training example, chosen from seeded randomness so a build is repeatable.
 */
final class RenderingValues {

  static final List<String> NAMES = load("names.txt");
  static final List<String> CLASSES = load("classes.txt");
  static final List<String> SUBJECTS = load("subjects.txt");

  private RenderingValues() {}

  static String pick(List<String> values, SplittableRandom random) {
    return values.get(random.nextInt(values.size()));
  }

  private static List<String> load(String resource) {
    try (InputStream in = RenderingValues.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + resource + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
