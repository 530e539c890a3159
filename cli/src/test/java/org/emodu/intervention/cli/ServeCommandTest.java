package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code intervensi serve} as a process: SIGTERM drains it and it exits 0, as the docs say. */
class ServeCommandTest {

  private static final Pattern SERVING = Pattern.compile("serving the offline profile on (http://\\S+)");

  @TempDir
  Path directory;

  @Test
  void sigtermStopsTheServerCleanlyWithExitCodeZero() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "serve", "--port", "0", "--host", "127.0.0.1", "--profile", "offline")
        .directory(directory.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    // Nothing of the machine's own settings: no key, no tokens, no .env (the directory is empty).
    builder.environment().keySet().removeIf(name -> name.startsWith("OPENAI_") || name.startsWith("INTERVENSI_")
        || name.equals("PORT"));
    Process process = builder.start();
    try {
      List<String> errLines = new ArrayList<>();
      CompletableFuture<String> address = new CompletableFuture<>();
      Thread reader = new Thread(() -> readErr(process, errLines, address), "serve-stderr");
      reader.start();

      URI base = URI.create(address.get(60, TimeUnit.SECONDS));
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(base.resolve("/healthz")).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);

      process.destroy(); // SIGTERM

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the server stops after SIGTERM").isTrue();
      reader.join(20_000);
      assertThat(process.exitValue()).as(String.join("\n", errLines)).isEqualTo(ExitCodes.OK);
      assertThat(String.join("\n", errLines)).doesNotContain("Exception", "\tat ");
    } finally {
      process.destroyForcibly();
    }
  }

  private static void readErr(Process process, List<String> lines, CompletableFuture<String> address) {
    try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = err.readLine(); line != null; line = err.readLine()) {
        synchronized (lines) {
          lines.add(line);
        }
        Matcher serving = SERVING.matcher(line);
        if (serving.find()) {
          address.complete(serving.group(1));
        }
      }
      address.completeExceptionally(new IllegalStateException("the server ended before serving: " + lines));
    } catch (IOException e) {
      address.completeExceptionally(e);
    }
  }
}
