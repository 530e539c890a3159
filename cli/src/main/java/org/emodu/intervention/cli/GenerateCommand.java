package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.ArcsStrategy;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.Generators;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.OpenedGenerator;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Reinforcement;
import org.emodu.intervention.core.generation.LoggedGenerator;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.log.InteractionLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code intervensi generate}: one intervention for one student. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
        "Generates one affective intervention for a student.",
        "Without --reinforcement or --arcs a strategy is chosen for the emotion."},
    footer = {
        "",
        "Example:",
        "  intervensi generate --username Budi --emotion bosan --classname XII-IPA-1 --subject Fisika"})
final class GenerateCommand implements Callable<Integer> {

  @ParentCommand
  private Main main;

  @Spec
  private CommandSpec spec;

  @Option(names = "--username", required = true, paramLabel = "NAME", description = "The student's name.")
  private String username;

  @Option(names = "--emotion", required = true, paramLabel = "EMOTION",
      description = "The emotion seen, English or Indonesian: ${sys:intervensi.emotions}.")
  private String emotion;

  @Option(names = "--reinforcement", paramLabel = "KIND",
      description = "positive (positif) or negative (negatif). Default: chosen for the emotion.")
  private String reinforcement;

  @Option(names = "--arcs", paramLabel = "STRATEGY",
      description = "attention, relevance, confidence or satisfaction. Default: chosen for the emotion.")
  private String arcs;

  @Option(names = "--classname", required = true, paramLabel = "CLASS", description = "The class, e.g. XII-IPA-1.")
  private String classname;

  @Option(names = "--subject", required = true, paramLabel = "SUBJECT", description = "The subject, e.g. Fisika.")
  private String subject;

  @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "auto",
      description = "auto, offline, base or finetuned (default: ${DEFAULT-VALUE}). auto asks the base model when "
          + "OPENAI_API_KEY is set, falling back offline if it fails, and generates offline otherwise.")
  private String profile;

  @Option(names = "--seed", paramLabel = "N", description = "Makes the offline choice repeatable.")
  private Long seed;

  @Option(names = "--json", description = "Print the whole intervention as JSON.")
  private boolean json;

  @Option(names = "--log", paramLabel = "FILE", description = "Append the interaction to this JSON Lines log.")
  private Path log;

  static {
    System.setProperty("intervensi.emotions", Emotion.choices());
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Profile chosen = Profile.parse(profile);
    Generators.Builder builder = Generators.builder(main.settings()).profile(chosen);
    if (seed != null) {
      builder.seed(seed);
    }
    try (OpenedGenerator opened = builder.open()) {
      InterventionRequest request = InterventionRequest.builder()
          .username(username)
          .emotion(emotion)
          .reinforcement(reinforcement)
          .arcs(arcs)
          .classname(classname)
          .subject(subject)
          .build(opened.strategySelector());
      opened.notices().forEach(notice -> err.println("intervensi: " + notice));
      Intervention intervention;
      if (log != null) {
        try (InteractionLog interactionLog = InteractionLog.open(log)) {
          InterventionGenerator logged = new LoggedGenerator(opened.generator(), interactionLog, opened.profile().label());
          intervention = logged.generate(request);
        }
      } else {
        intervention = opened.generator().generate(request);
      }
      intervention.fallbackReason().ifPresent(reason -> err.println("intervensi: " + reason + "; served the offline fallback"));
      if (!intervention.compliant()) {
        err.println("intervensi: warning: the answer breaks the output policy: " + String.join("; ", intervention.violations()));
      }
      if (json) {
        out.println(Json.mapper().writeValueAsString(intervention));
      } else {
        out.println(intervention.text());
      }
      return ExitCodes.OK;
    }
  }

  // Referenced so the help texts stay in step with the parsers.
  @SuppressWarnings("unused")
  private static final String[] CHOICES = {Reinforcement.choices(), ArcsStrategy.choices()};
}
