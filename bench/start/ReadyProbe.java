import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Launches a server command, polls its /readyz every 2 ms from this JVM (no process started per
 * poll), and prints "wall_ms cpu_ms": the time from launch to the first 200, and the CPU the
 * server's process had used by then. Then stops the server. Used by bench/start/run.sh.
 *
 *   java ReadyProbe.java PORT ROUNDS COMMAND...   (ROUNDS starts of the same command, one line each)
 */
public class ReadyProbe {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    List<String> command = Arrays.asList(args).subList(2, args.length);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
        .timeout(Duration.ofSeconds(5)).build();
    // Warm the client's own paths first, against a port nothing listens on.
    for (int i = 0; i < 50; i++) {
      poll(client, ready);
    }
    long ticksPerSecond = 100; // USER_HZ on Linux
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      Process server = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      while (poll(client, ready) != 200) {
        if (!server.isAlive()) {
          throw new IllegalStateException("the server exited with " + server.exitValue() + " before it was ready");
        }
        Thread.sleep(2);
      }
      long wall = (System.nanoTime() - start) / 1_000_000;
      String[] stat = Files.readString(Path.of("/proc/" + server.pid() + "/stat")).split("\\) ", 2)[1].split(" ");
      long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
      System.out.println(wall + " " + ticks * 1000 / ticksPerSecond);
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor();
      }
    }
  }

  private static int poll(HttpClient client, HttpRequest request) throws InterruptedException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (ConnectException e) {
      return -1;
    } catch (IOException e) {
      return -2;
    }
  }
}
