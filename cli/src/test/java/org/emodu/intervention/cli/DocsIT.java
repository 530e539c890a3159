package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.emodu.intervention.testing.openai.FakeFineTuningApi;
import org.emodu.intervention.testing.openai.FakeFineTuningApi.Stage;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README and the guides under {@code docs/} work as written: every {@code ```bash} and
 * {@code ```sh} block of a page runs, top to bottom, as one script in a fresh folder that holds only
 * the launcher {@code ./intervensi} (running the jar {@code package} built) and the sample inputs of
 * {@code docs/examples/}, and every command must succeed.
 *
 * <p>A page runs as its two readers would: the blocks that need no key run offline, with no
 * {@code OPENAI_*} setting at all, and the blocks marked {@code <!-- docs-test: model -->} run with
 * a key and {@code OPENAI_BASE_URL} pointing at a stand-in of the API (the {@code openai-testing}
 * fake of files and fine-tuning jobs, and chat completions and model descriptions in the API's
 * shapes), each in its place in the sequence. A block marked {@code <!-- docs-test: skip REASON -->}
 * never runs; the reason says why. Three rewrites, no more:
 * lines that run {@code mvn} are left out (this test runs under Maven, after the build those lines
 * make), {@code export} lines whose value is a placeholder ({@code sk-...}) are left out (the test
 * sets the key), and the server's port 8000 becomes a free one, so that the server the README starts
 * in the background cannot meet another on the machine. {@code docs/BENCHMARKS.md} is not run: its
 * blocks are benchmarks, which never run as tests.
 */
class DocsIT {

  private static final Path ROOT = Path.of(System.getProperty("intervensi.root", ".."));
  private static final Path JAR = Path.of(System.getProperty("intervensi.jar", "target/intervensi.jar"));
  private static final List<String> PAGES = List.of("README.md", "docs/dataset.md", "docs/evaluation.md",
      "docs/finetune.md", "docs/server.md");
  private static final Pattern MARK = Pattern.compile("<!--\\s*docs-test:\\s*(model|skip)\\b(.*?)-->");
  private static final Pattern FENCE = Pattern.compile("^```(bash|sh)\\s*$");

  @TempDir
  Path directory;

  @TempDir
  static Path shared;

  /** A class-data archive of the command line's classes, so that each of the many short commands starts sooner. */
  private static Path archive;

  /** A runnable block: where it starts, its lines, and whether it needs a model. */
  record Block(String page, int line, List<String> lines, boolean needsModel) {}

  static Stream<String> pages() {
    return PAGES.stream();
  }

  @BeforeAll
  static void archiveTheClasses() throws Exception {
    Path file = shared.resolve("intervensi.jsa");
    Process process = new ProcessBuilder(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-XX:ArchiveClassesAtExit=" + file, "-jar", JAR.toAbsolutePath().toString(),
        "generate", "--username", "Budi", "--emotion", "bosan", "--classname", "X", "--subject", "Fisika")
        .directory(shared.toFile()).redirectErrorStream(true).redirectOutput(shared.resolve("archive.log").toFile()).start();
    boolean ended = process.waitFor(5, TimeUnit.MINUTES);
    // Without an archive (a runtime that cannot make one) the commands only start more slowly.
    archive = ended && process.exitValue() == 0 && Files.isRegularFile(file) ? file : null;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The page's shell blocks that are not marked skip, in order. */
  static List<Block> blocks(String page) {
    List<String> lines;
    try {
      lines = Files.readAllLines(ROOT.resolve(page), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Block> blocks = new ArrayList<>();
    String mark = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher marked = MARK.matcher(line);
      if (marked.find()) {
        mark = marked.group(1);
        continue;
      }
      if (FENCE.matcher(line).matches()) {
        int start = i + 1;
        List<String> body = new ArrayList<>();
        for (i = start; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
          body.add(lines.get(i));
        }
        if (!"skip".equals(mark)) {
          blocks.add(new Block(page, start, body, "model".equals(mark)));
        }
        mark = null;
        continue;
      }
      if (!line.isBlank()) {
        // A mark belongs to the block right below it, blank lines apart.
        mark = null;
      }
    }
    return blocks;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void everyCommandBlockRunsAsWritten(String page) throws Exception {
    assertThat(JAR).as("the jar that package built").isRegularFile();
    Path folder = Files.createDirectory(directory.resolve("fresh"));
    copy(ROOT.resolve("docs/examples"), folder.resolve("docs/examples"));
    Path launcher = folder.resolve("intervensi");
    // Short commands start sooner with the archive and the quick compiler only; what they do is the same.
    Files.writeString(launcher, "#!/bin/sh\nexec \"" + java() + "\" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
        + (archive == null ? "" : " -XX:SharedArchiveFile=\"" + archive + "\" -Xlog:cds=off -Xlog:cds+dynamic=off")
        + " -jar \"" + JAR.toAbsolutePath() + "\" \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    int port = freePort();
    List<Block> blocks = blocks(page);
    boolean standIn = blocks.stream().anyMatch(Block::needsModel);

    try (StandIn api = standIn ? new StandIn() : null) {
      Path script = folder.resolve(".docs-test.sh");
      Files.writeString(script, script(blocks, port, api == null ? "" : api.baseUrl()), StandardCharsets.UTF_8);
      ProcessBuilder builder = new ProcessBuilder("bash", script.getFileName().toString())
          .directory(folder.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .redirectErrorStream(true)
          .redirectOutput(folder.resolve(".docs-test.log").toFile());
      builder.environment().keySet().removeIf(name -> name.startsWith("OPENAI_") || name.startsWith("INTERVENSI_")
          || name.equals("PORT"));
      builder.environment().put("HOME", folder.toString());
      Process process = builder.start();
      // A guard against a hung command, not a speed check.
      boolean ended = process.waitFor(15, TimeUnit.MINUTES);
      if (!ended) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      String log = Files.readString(folder.resolve(".docs-test.log"), StandardCharsets.UTF_8);
      assertThat(ended).as("%s did not finish:%n%s", page, log).isTrue();
      assertThat(process.exitValue()).as("%s, as written (the last command shown failed):%n%s", page, tail(log)).isZero();
    }
  }

  /**
   * The blocks as one script that stops at the first failing command and shows each as it runs; a
   * model block runs with the stand-in's key and address, every other block without any.
   */
  static String script(List<Block> blocks, int port, String standIn) {
    StringBuilder script = new StringBuilder("""
        set -euo pipefail
        trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
        PS4='+ $ '
        """);
    for (Block block : blocks) {
      script.append("# ").append(block.page()).append(", line ").append(block.line()).append('\n');
      script.append(block.needsModel()
          ? "export OPENAI_API_KEY=" + FakeFineTuningApi.API_KEY + " OPENAI_BASE_URL=" + standIn + "\n"
          : "unset OPENAI_API_KEY OPENAI_BASE_URL\n");
      script.append("set -x\n");
      for (String line : block.lines()) {
        script.append(rewritten(line, port)).append('\n');
      }
      script.append("{ set +x; } 2>/dev/null\n");
    }
    return script.toString();
  }

  private static String rewritten(String line, int port) {
    String stripped = line.strip();
    if (stripped.startsWith("mvn ") || stripped.matches("export OPENAI_API_KEY=\\S*\\.\\.\\..*")) {
      return "# (left out by the test) " + line;
    }
    return line.replace("localhost:8000", "localhost:" + port).replace("./intervensi serve &",
        "PORT=" + port + " ./intervensi serve &");
  }

  private static String tail(String log) {
    List<String> lines = log.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /**
   * The API as the pages need it: the fake of files and fine-tuning jobs (every job runs, then
   * succeeds with the fixture's metrics as its result file), chat completions answered with the
   * fixture's intervention, and model descriptions for {@code doctor}.
   */
  static final class StandIn implements AutoCloseable {

    private static final String RESULT_FILE = "file-Resu1tMetr1csCsv000";

    private final FakeFineTuningApi fineTuning =
        new FakeFineTuningApi(Clock.fixed(Instant.parse("2024-11-27T09:30:00Z"), ZoneOffset.UTC));
    private final MockWebServer server = new MockWebServer();

    StandIn() throws IOException {
      fineTuning.content(RESULT_FILE, Fixtures.bytes(Fixtures.RESULT_METRICS));
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
          String path = request.getRequestUrl().encodedPath();
          if (request.getMethod().equals("POST") && path.equals("/v1/chat/completions")) {
            return Fixtures.chatCompletion();
          }
          if (request.getMethod().equals("GET") && path.startsWith("/v1/models/")) {
            String model = path.substring("/v1/models/".length());
            return Fixtures.json(200, "{\"id\":\"" + model + "\",\"object\":\"model\",\"created\":1677610602,\"owned_by\":\"openai\"}");
          }
          if (request.getMethod().equals("POST") && path.equals("/v1/fine_tuning/jobs")) {
            // Each job goes through one running stage, then succeeds; set before it is created.
            fineTuning.nextJobScript(
                Stage.of("validating_files", FakeFineTuningApi.message("Validating training file")),
                Stage.of("running", FakeFineTuningApi.message("Fine-tuning job started"), FakeFineTuningApi.metrics(20, 40, 0.81)),
                Stage.succeeded(RESULT_FILE, FakeFineTuningApi.message("The job has successfully completed")));
          }
          return fineTuning.dispatch(request);
        }
      });
      server.start();
    }

    String baseUrl() {
      return server.url("/v1").toString();
    }

    @Override
    public void close() throws IOException {
      server.shutdown();
      fineTuning.close();
    }
  }
}
