import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Health and generation latency of a running server while many connections hold a request body
 * half-sent: each sends a POST's headers and the first bytes of its body, then stops. The peer is
 * the same server with no stalled connection, measured first in the same run; the goal is /healthz
 * answered within 1 s.
 *
 * <pre>java bench/http/StalledBodies.java PORT [STALLED=1000] [REQUESTS=200]</pre>
 *
 * Run by bench/http/stalled.sh, which starts the server from the built jar first.
 */
public final class StalledBodies {

  private static final String BODY = "{\"username\":\"Budi\",\"emotion\":\"bosan\",\"classname\":\"XII-IPA-1\",\"subject\":\"Fisika\"}";

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int stalledCount = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    System.out.printf("machine: %d cores, Java %s; server on port %d; %d stalled connections; %d requests a figure%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), port, stalledCount, requests);

    // Warm the server's paths up before either measurement.
    measure(port, "GET /healthz", requests, false);
    measure(port, "POST /v1/interventions", requests, true);

    double[] idleHealth = measure(port, "GET /healthz", requests, false);
    double[] idlePost = measure(port, "POST /v1/interventions", requests, true);

    List<Socket> stalled = new ArrayList<>();
    long opening = System.nanoTime();
    for (int i = 0; i < stalledCount; i++) {
      Socket socket = new Socket("127.0.0.1", port);
      socket.getOutputStream().write(("POST /v1/interventions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + (BODY.length() + 100) + "\r\n\r\n" + BODY.substring(0, 20)).getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      stalled.add(socket);
    }
    double openedMs = (System.nanoTime() - opening) / 1e6;
    double[] stalledHealth = measure(port, "GET /healthz", requests, false);
    double[] stalledPost = measure(port, "POST /v1/interventions", requests, true);
    double measuredMs = (System.nanoTime() - opening) / 1e6;

    System.out.printf("opened %d stalled connections in %.0f ms; both measurements under them ended %.0f ms after the first%n",
        stalledCount, openedMs, measuredMs);
    System.out.println();
    System.out.println("| figure | no stalled connection (peer) | " + stalledCount + " stalled | ratio | goal |");
    System.out.println("|---|---|---|---|---|");
    row("GET /healthz median ms", idleHealth[0], stalledHealth[0], "");
    row("GET /healthz p99 ms", idleHealth[1], stalledHealth[1], "");
    row("GET /healthz max ms", idleHealth[2], stalledHealth[2], stalledHealth[2] < 1000 ? "under 1000: met" : "under 1000: missed");
    row("POST /v1/interventions median ms", idlePost[0], stalledPost[0], "");
    row("POST /v1/interventions max ms", idlePost[2], stalledPost[2], "");

    // The stalled bodies are answered 408 once they have paused for the idle timeout.
    int timedOut = 0;
    for (Socket socket : stalled) {
      socket.setSoTimeout(20_000);
      try {
        String status = statusLine(socket.getInputStream());
        if (status.startsWith("HTTP/1.1 408")) {
          timedOut++;
        }
      } catch (IOException e) {
        // Counted as not answered.
      }
      socket.close();
    }
    System.out.printf("%nstalled connections answered 408 after their idle timeout: %d of %d%n", timedOut, stalledCount);
  }

  private static void row(String name, double peer, double ours, String goal) {
    System.out.printf("| %s | %.2f | %.2f | %.2f | %s |%n", name, peer, ours, ours / peer, goal);
  }

  /** Median, 99th percentile and maximum latency in ms of sequential requests, each on a new connection. */
  private static double[] measure(int port, String what, int count, boolean post) throws IOException {
    double[] millis = new double[count];
    for (int i = 0; i < count; i++) {
      String request = post
          ? "POST /v1/interventions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
              + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY
          : "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
      long start = System.nanoTime();
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        String status = statusLine(socket.getInputStream());
        if (!status.startsWith("HTTP/1.1 200")) {
          throw new IOException(what + " answered " + status);
        }
      }
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return new double[] {millis[count / 2], millis[Math.min(count - 1, (int) Math.ceil(count * 0.99) - 1)], millis[count - 1]};
  }

  private static String statusLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int next = in.read(); next >= 0 && next != '\n'; next = in.read()) {
      line.write(next);
    }
    return line.toString(StandardCharsets.ISO_8859_1).strip();
  }
}
