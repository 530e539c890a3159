package org.emodu.intervention.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.server.InterventionServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code intervensi cds-archive}: writes a class-data sharing archive of the server for this Java
 * runtime, so that later starts load the toolkit's classes already parsed and verified instead of
 * from 100 jars. The launchers use the archive that {@value #ARCHIVE} names when it is there.
 *
 * <p>It runs a second JVM with {@code -XX:ArchiveClassesAtExit} on a training run: a server on a
 * free loopback port, with a model at an address that refuses connections (so the model client's
 * classes load, nothing leaves the machine, and the offline generator answers), asked every route
 * once or twice, then stopped. The archive is written beside the target and moved over it whole.
 * An archive from another Java runtime is ignored by the JVM, so a runtime upgrade only costs the
 * speed until the archive is written again.
 */
@Command(
    name = "cds-archive",
    mixinStandardHelpOptions = true,
    description = {
        "Writes a class-data sharing archive that makes the server start faster on this Java runtime.",
        "Runs a training server on a free loopback port for a few seconds; sends nothing off the machine.",
        "The launchers use the archive that $" + CdsArchiveCommand.ARCHIVE + " names (they set it to lib/intervensi.jsa in the"
            + " distribution, cli/target/intervensi.jsa in a clone) whenever the file is there."},
    footer = {"", "Example:", "  intervensi cds-archive"})
final class CdsArchiveCommand implements Callable<Integer> {

  /** Where the launchers look for the archive; they set it when it is unset. */
  static final String ARCHIVE = "INTERVENSI_CDS_ARCHIVE";

  /** The training run's longest wait for its own server, whatever the machine's load. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  @Spec
  private CommandSpec spec;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Where to write the archive (default: $" + ARCHIVE + ").")
  private Path output;

  @Option(names = "--training-run", hidden = true,
      description = "Runs the training server in this JVM; the command starts a JVM with this option itself.")
  private boolean trainingRun;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (trainingRun) {
      train();
      return ExitCodes.OK;
    }
    Path target = output != null ? output : Optional.ofNullable(System.getenv(ARCHIVE)).filter(value -> !value.isBlank())
        .map(Path::of).orElse(null);
    if (target == null) {
      err.println("intervensi: say where to write the archive: --output FILE, or set " + ARCHIVE
          + " (the launchers ./intervensi and bin/intervensi set it)");
      return ExitCodes.USAGE;
    }
    target = target.toAbsolutePath();
    Path directory = target.getParent();
    Files.createDirectories(directory);
    Path partial = directory.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Files.deleteIfExists(partial);
    err.println("intervensi: training the class-data archive (a server on a free loopback port, a few seconds)...");
    err.flush();
    Process training = new ProcessBuilder(trainingCommand(partial))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.PIPE)
        .start();
    // Its errors are read to the end, which comes when it exits; its requests have timeouts of their own.
    String trainingErrors = new String(training.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = training.waitFor();
    if (code != 0 || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
      Files.deleteIfExists(partial);
      err.println("intervensi: the training run failed (exit " + code + "), no archive written:");
      trainingErrors.lines().limit(20).forEach(line -> err.println("  " + line));
      return ExitCodes.FAILED;
    }
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    err.println("intervensi: wrote " + target + " (" + Files.size(target) / (1024 * 1024) + " MB) for Java "
        + System.getProperty("java.version") + "; starts with this runtime use it");
    return ExitCodes.OK;
  }

  /** The same java, options and class path as this JVM, with the archive to write, on the training run. */
  private static List<String> trainingCommand(Path archive) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!argument.startsWith("-XX:SharedArchiveFile") && !argument.startsWith("-XX:ArchiveClassesAtExit")
          && !argument.startsWith("-Xshare")) {
        command.add(argument);
      }
    }
    command.add("-XX:ArchiveClassesAtExit=" + archive);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add("cds-archive");
    command.add("--training-run");
    return command;
  }

  /**
   * A server as {@code serve} starts one, with a model that refuses connections so that the model
   * client's paths load too, asked every route; then stopped, and this JVM ends normally, when the
   * JVM writes the archive.
   */
  private static void train() throws IOException, InterruptedException {
    Settings settings = Settings.of(Map.of(
        Settings.OPENAI_API_KEY, "cds-training-no-such-key",
        Settings.OPENAI_BASE_URL, "http://127.0.0.1:" + closedPort() + "/v1",
        Settings.MAX_RETRIES, "0",
        // The late paths' warm-up waits out one deadline; a short one keeps the training short.
        Settings.DEADLINE_MS, "500"));
    try (InterventionServer server = InterventionServer.builder(settings).profile(Profile.BASE).host("127.0.0.1")
        .port(0).accessLogToStandardOutput().start()) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI base = server.uri();
      for (int round = 0; round < 2; round++) {
        for (String path : List.of("/healthz", "/readyz", "/metrics", "/v1/options", "/openapi.json",
            "/openai?username=Budi&emotion=bosan&classname=XII-IPA-1&subject=Fisika",
            "/openai?username=Sari&emotion=bingung&reinforcement=negative&arcsmodel=relevance&classname=X&subject=Kimia",
            "/openai?emotion=unknown", "/no-such-route")) {
          send(client, HttpRequest.newBuilder(base.resolve(path)).GET());
        }
        send(client, post(base, "/v1/interventions", "{\"username\":\"Budi\",\"emotion\":\"sad\","
            + "\"classname\":\"XII-IPA-1\",\"subject\":\"Fisika\"}"));
        send(client, post(base, "/v1/interventions", "{\"username\":"));
        send(client, post(base, "/v1/observations", "{\"classId\":\"c1\",\"studentId\":\"s1\",\"username\":\"Budi\","
            + "\"emotion\":\"bored\",\"confidence\":0.9,\"classname\":\"XII-IPA-1\",\"subject\":\"Fisika\"}"));
        send(client, post(base, "/v1/observations:batch", "[{\"classId\":\"c1\",\"studentId\":\"s2\",\"username\":\"Sari\","
            + "\"emotion\":\"confused\",\"classname\":\"XII-IPA-1\",\"subject\":\"Fisika\"}]"));
      }
      server.stop();
    }
  }

  private static HttpRequest.Builder post(URI base, String path, String json) {
    return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private static void send(HttpClient client, HttpRequest.Builder request) throws IOException, InterruptedException {
    client.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.discarding());
  }

  /** A loopback port nothing listens on: the model client's connections are refused at once. */
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
