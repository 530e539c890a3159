package org.emodu.intervention.examples;

import org.emodu.intervention.core.Generators;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.OpenedGenerator;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;

/**
 * Generates one intervention with the toolkit embedded as a library, as an Emodu service would:
 * settings from the environment (or {@code .env}), the {@code auto} profile (a model when
 * {@code OPENAI_API_KEY} is set, offline otherwise), a request built from the labels an
 * emotion-recognition system emits.
 *
 * <p>Run: {@code mvn -q -pl examples -am package -DskipTests && java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" org.emodu.intervention.examples.GenerateIntervention}
 */
public final class GenerateIntervention {

  private GenerateIntervention() {}

  public static void main(String[] args) {
    try (OpenedGenerator opened = Generators.builder(Settings.load()).profile(Profile.AUTO).open()) {
      opened.notices().forEach(notice -> System.err.println("note: " + notice));

      InterventionRequest request = InterventionRequest.builder()
          .username("Budi")
          .emotion("bosan")          // English or Indonesian, any case
          .classname("XII-IPA-1")
          .subject("Fisika")
          .build(opened.strategySelector()); // reinforcement and ARCS chosen for the emotion

      Intervention intervention = opened.generator().generate(request);
      System.out.println(intervention.text());
      System.out.printf("generator=%s model=%s tokens=%d latency=%d ms fallback=%s%n",
          intervention.generator(), intervention.model(), intervention.usage().total(),
          intervention.latencyMs(), intervention.fallback());
    }
  }
}
