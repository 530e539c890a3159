package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built distribution runs with a Java runtime and nothing else: it unpacks the tar.gz that
 * {@code package} made and runs {@code bin/intervensi} from another directory, with a PATH that holds
 * only {@code java} (and {@code ls}, which the launcher uses to follow a symlink to itself).
 */
class DistributionIT {

  private static final String VERSION = System.getProperty("intervensi.version");

  @TempDir
  static Path directory;

  private static Path home;
  private static Path tools;
  private static Path elsewhere;

  /** Unpacks once: the tests only read the unpacked tree. */
  @BeforeAll
  static void unpack() throws IOException, InterruptedException {
    Path archive = Path.of(System.getProperty("intervensi.distribution"));
    assertThat(archive).as("the distribution built by package").isRegularFile();
    Path unpacked = Files.createDirectory(directory.resolve("unpacked"));
    Result untar = run(List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString()), directory, Map.of("PATH", "/usr/bin:/bin"));
    assertThat(untar.code()).as(untar.output()).isZero();
    home = unpacked.resolve("intervensi-" + VERSION);

    tools = Files.createDirectory(directory.resolve("tools"));
    Files.createSymbolicLink(tools.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    Files.createSymbolicLink(tools.resolve("ls"), Path.of("/bin/ls"));
    elsewhere = Files.createDirectory(directory.resolve("elsewhere"));
  }

  @Test
  void holdsTheLauncherTheLibrariesAndTheReadme() {
    assertThat(home.resolve("bin/intervensi")).isExecutable();
    assertThat(home.resolve("README.md")).isRegularFile();
    assertThat(home.resolve("lib/cli-" + VERSION + ".jar")).isRegularFile();
  }

  @Test
  void printsItsVersionAndTheJavaRuntime() throws IOException, InterruptedException {
    Result result = run(List.of(home.resolve("bin/intervensi").toString(), "--version"), elsewhere, Map.of("PATH", tools.toString()));

    assertThat(result.code()).as(result.output()).isZero();
    assertThat(result.output())
        .startsWith("intervensi " + VERSION + "\n")
        .contains("Java " + System.getProperty("java.version"));
  }

  @Test
  void generatesAnInterventionThroughASymlinkToTheLauncher() throws IOException, InterruptedException {
    Path link = Files.createSymbolicLink(directory.resolve("linked"), home.resolve("bin/intervensi"));

    Result result = run(
        List.of(link.toString(), "generate", "--username", "Budi", "--emotion", "bosan", "--classname", "XII-IPA-1", "--subject", "Fisika"),
        elsewhere, Map.of("PATH", tools.toString()));

    assertThat(result.code()).as(result.output()).isZero();
    assertThat(result.output()).contains("Budi");
  }

  @Test
  void writesAClassDataArchiveThatLaterStartsUse() throws IOException, InterruptedException {
    Path archive = home.resolve("lib/intervensi.jsa");

    Result written = run(List.of(home.resolve("bin/intervensi").toString(), "cds-archive"), elsewhere,
        Map.of("PATH", tools.toString()));

    assertThat(written.code()).as(written.output()).isZero();
    assertThat(written.output()).contains("wrote " + archive);
    assertThat(archive).isRegularFile();
    assertThat(Files.size(archive)).isGreaterThan(1024 * 1024);
    try (var leftovers = Files.list(archive.getParent())) {
      assertThat(leftovers.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
    }

    // The launcher hands the archive to the JVM; -Xshare:on makes the JVM refuse to start without one it can map.
    Result used = run(List.of(home.resolve("bin/intervensi").toString(), "generate", "--username", "Budi", "--emotion",
        "bosan", "--classname", "XII-IPA-1", "--subject", "Fisika"), elsewhere,
        Map.of("PATH", tools.toString(), "INTERVENSI_JAVA_OPTS", "-XX:+UseParallelGC -Xshare:on"));
    assertThat(used.code()).as(used.output()).isZero();
    assertThat(used.output()).contains("Budi");

    // An archive that cannot be used (another runtime's, a damaged one) is passed over in silence.
    Path damaged = Files.writeString(directory.resolve("damaged.jsa"), "not an archive");
    Result passedOver = run(List.of(home.resolve("bin/intervensi").toString(), "--version"), elsewhere,
        Map.of("PATH", tools.toString(), "INTERVENSI_CDS_ARCHIVE", damaged.toString()));
    assertThat(passedOver.code()).as(passedOver.output()).isZero();
    assertThat(passedOver.output()).startsWith("intervensi " + VERSION + "\n").doesNotContain("cds", "archive");
  }

  @Test
  void refusesAJavaHomeWithoutJavaSayingWhatToDo() throws IOException, InterruptedException {
    Result result = run(
        List.of(home.resolve("bin/intervensi").toString(), "--version"), elsewhere,
        Map.of("PATH", tools.toString(), "JAVA_HOME", directory.resolve("no-such-java").toString()));

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.output()).contains("JAVA_HOME", "Java 17 or newer");
  }

  private record Result(int code, String output) {}

  /** Runs a command with exactly the given environment; the output is stdout then stderr. */
  private static Result run(List<String> command, Path workingDirectory, Map<String, String> environment)
      throws IOException, InterruptedException {
    Path stdout = Files.createTempFile(directory, "stdout", ".txt");
    Path stderr = Files.createTempFile(directory, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
        .directory(workingDirectory.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    // A guard against a hung launcher, not a speed check.
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("'" + String.join(" ", command) + "' did not finish");
    }
    return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8) + Files.readString(stderr, StandardCharsets.UTF_8));
  }
}
