package org.emodu.intervention.cli;

import ch.qos.logback.classic.LoggerContext;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.internal.Secrets;
import org.emodu.intervention.server.InterventionServer;
import org.emodu.intervention.server.ServerSettings;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code intervensi serve}: the HTTP adapter, until SIGTERM or Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Serves interventions over HTTP.",
        "Routes: the seed-compatible GET /openai, POST /v1/interventions,"
            + " GET /v1/options, /healthz, /readyz, /metrics and /openapi.json. One access-log line per request"
            + " goes to stdout; notices go to stderr. SIGTERM lets requests in flight finish (up to 10 s), then"
            + " exits 0. Scripts wait for GET /readyz to answer 200 before the first request.",
        "  until curl -sf localhost:8000/readyz >/dev/null; do sleep 0.5; done"},
    footer = {
        "",
        "Settings (environment or ./.env): PORT, INTERVENSI_HOST, INTERVENSI_DEADLINE_MS (3000),",
        "INTERVENSI_FALLBACK (on), INTERVENSI_API_TOKENS, INTERVENSI_RATE_LIMIT (per minute),",
        "INTERVENSI_CORS_ORIGINS, INTERVENSI_LOG, INTERVENSI_MAX_CONNECTIONS (1024 here), OPENAI_*.",
        "",
        "Example:",
        "  intervensi serve --port 8000",
        "  curl 'http://localhost:8000/openai?username=Budi&emotion=bosan&reinforcement=positive"
            + "&arcsmodel=attention&classname=XII-IPA-1&subject=Fisika'"})
final class ServeCommand implements Callable<Integer> {

  @ParentCommand
  private Main main;

  @Spec
  private CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT",
      description = "The port to listen on (default: $PORT, else " + ServerSettings.DEFAULT_PORT + "; 0 picks a free one).")
  private Integer port;

  @Option(names = "--host", paramLabel = "ADDRESS",
      description = "The address to bind (default: $INTERVENSI_HOST, else 0.0.0.0).")
  private String host;

  @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "auto",
      description = "auto, offline, base or finetuned (default: ${DEFAULT-VALUE}). auto asks the base model when "
          + "OPENAI_API_KEY is set and generates offline otherwise.")
  private String profile;

  @Option(names = "--seed", paramLabel = "N", description = "Makes the offline choices repeatable.")
  private Long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    InterventionServer.Builder builder = InterventionServer.builder(main.settings()).profile(Profile.parse(profile));
    if (port != null) {
      builder.port(port);
    }
    if (host != null) {
      builder.host(host);
    }
    if (seed != null) {
      builder.seed(seed);
    }
    if (!logbackConfiguresTheAccessLog()) {
      builder.accessLogToStandardOutput();
    }
    InterventionServer server = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndExit(server, err), "intervensi-shutdown"));
    server.notices().forEach(notice -> err.println("intervensi: " + notice));
    err.println("intervensi: serving the " + server.profile().label() + " profile on " + server.uri()
        + " (Ctrl-C or SIGTERM stops)");
    err.flush();
    server.join();
    return ExitCodes.OK;
  }

  /**
   * Whether a Logback set-up of the user's (a level or an appender on {@code intervensi.access})
   * takes the access log; the command line's own set-up does not, so the server writes it to
   * stdout itself.
   */
  private static boolean logbackConfiguresTheAccessLog() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return false;
    }
    ch.qos.logback.classic.Logger logger = context.getLogger(InterventionServer.ACCESS_LOG);
    return logger.getLevel() != null || logger.iteratorForAppenders().hasNext();
  }

  /**
   * Drains and stops the server on SIGTERM or Ctrl-C, then ends the process with 0 when it stopped
   * cleanly. Left to itself the JVM would end with 143 (or 130) after its shutdown hooks, as if the
   * stop had failed; a supervisor (systemd, Docker, Kubernetes) reads that as a crash.
   */
  private static void stopAndExit(InterventionServer server, PrintWriter err) {
    int code = ExitCodes.OK;
    try {
      server.stop();
    } catch (RuntimeException e) {
      err.println("intervensi: the server did not stop cleanly: " + Secrets.redact(String.valueOf(e.getMessage())));
      code = ExitCodes.FAILED;
    }
    err.flush();
    System.out.flush();
    Runtime.getRuntime().halt(code);
  }
}
