package org.emodu.intervention.dataset;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.core.tools.IllegalParameterException;

/**
 * Writes an evaluation set from a corpus, normally the test side of a split: per exemplar (and
 * rendering) one request with seeded names, classes and subjects, and the exemplar rendered for
 * that request as the reference a good answer resembles. One JSON object a line:
 * {@code {"id", "username", "emotion", "reinforcement", "arcs", "classname", "subject", "reference"}},
 * the format {@code intervensi experiment run --eval-set} reads.
 */
public final class EvaluationSets {

  private EvaluationSets() {}

  /**
   * Writes the evaluation set atomically.
   *
   * @param renderings the names, classes and subjects each request is given
   * @param perExemplar how many requests per exemplar, each with other names (1 to 1000)
   * @return how many records were written
   */
  public static int write(List<Exemplar> exemplars, Renderings renderings, int perExemplar, Path target, boolean force) {
    if (perExemplar < 1 || perExemplar > 1000) {
      throw new IllegalParameterException("perExemplar", "must be from 1 to 1000, got " + perExemplar);
    }
    int[] count = new int[1];
    OutputFiles.write(target, force, writer -> count[0] = writeTo(writer, exemplars, renderings, perExemplar));
    return count[0];
  }

  private static int writeTo(Writer writer, List<Exemplar> exemplars, Renderings renderings, int perExemplar)
      throws IOException {
    int count = 0;
    for (Exemplar exemplar : exemplars) {
      for (int rendering = 1; rendering <= perExemplar; rendering++) {
        InterventionRequest request = renderings.request(exemplar, rendering);
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(writer)) {
          json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
          json.writeStartObject();
          json.writeStringField("id", perExemplar == 1 ? exemplar.id() : exemplar.id() + "#" + rendering);
          json.writeStringField("username", request.username());
          json.writeStringField("emotion", request.emotion().label());
          json.writeStringField("reinforcement", request.reinforcement().label());
          json.writeStringField("arcs", request.arcs().label());
          json.writeStringField("classname", request.classname());
          json.writeStringField("subject", request.subject());
          json.writeStringField("reference", exemplar.render(request));
          json.writeEndObject();
        }
        writer.write('\n');
        count++;
      }
    }
    return count;
  }
}
