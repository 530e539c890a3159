package org.emodu.intervention.dataset;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.internal.OutputFiles;

/**
 * Reads and writes exemplar corpora in the toolkit's JSON Lines format,
 * {@code {"id", "emotion", "reinforcement", "arcs", "text", "source_id"?, "origin"}} one a line,
 * with labels written as their canonical English names. Reading is {@link ExemplarCorpus#read};
 * writing is atomic (see {@link OutputFiles}).
 */
public final class CorpusFiles {

  private CorpusFiles() {}

  /**
   * The exemplars of a corpus file, in file order.
   *
   * @throws org.emodu.intervention.core.CorpusFormatException naming every bad line
   * @throws UncheckedIOException when the file cannot be read
   */
  public static List<Exemplar> read(Path file) {
    return ExemplarCorpus.read(file).exemplars();
  }

  /** The name that stands for the built-in corpus where a corpus file is expected. */
  public static final String BUILT_IN = "builtin";

  /**
   * The exemplars of the corpus a command-line argument names: {@value #BUILT_IN} for the built-in
   * corpus (write {@code ./builtin} for a file of that name), otherwise a file.
   */
  public static List<Exemplar> read(String nameOrPath) {
    if (nameOrPath.equals(BUILT_IN)) {
      return ExemplarCorpus.builtIn().exemplars();
    }
    return read(Path.of(nameOrPath));
  }

  /** Whether a command-line argument names the built-in corpus rather than a file. */
  public static boolean isBuiltIn(String nameOrPath) {
    return nameOrPath.equals(BUILT_IN);
  }

  /**
   * Writes exemplars to {@code target} atomically, one a line.
   *
   * @param force whether an existing file may be replaced
   */
  public static void write(Path target, List<Exemplar> exemplars, boolean force) {
    OutputFiles.write(target, force, writer -> writeTo(writer, exemplars));
  }

  /** Writes exemplars as JSON Lines to a writer. */
  public static void writeTo(Writer writer, List<Exemplar> exemplars) throws IOException {
    for (Exemplar exemplar : exemplars) {
      writer.write(toJson(exemplar));
      writer.write('\n');
    }
  }

  /** One exemplar as a single line of JSON, without the line break. */
  public static String toJson(Exemplar exemplar) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("id", exemplar.id());
      json.writeStringField("emotion", exemplar.emotion().label());
      json.writeStringField("reinforcement", exemplar.reinforcement().label());
      json.writeStringField("arcs", exemplar.arcs().label());
      json.writeStringField("text", exemplar.text());
      if (exemplar.sourceId().isPresent()) {
        json.writeStringField("source_id", exemplar.sourceId().get());
      }
      json.writeStringField("origin", exemplar.origin());
      json.writeEndObject();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an exemplar could not be written as JSON", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The group an exemplar belongs to: its source's id, or its own when it has no source. */
  public static String groupOf(Exemplar exemplar) {
    return exemplar.sourceId().orElse(exemplar.id());
  }

  /** Whether an exemplar was made by augmentation. */
  public static boolean isAugmented(Exemplar exemplar) {
    return exemplar.origin().startsWith(AugmentationMethod.ORIGIN_PREFIX);
  }
}
