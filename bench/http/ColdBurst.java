import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deadline under a cold burst: a freshly started server (base profile) in front of a model
 * that never answers, hit by 64 requests at once as soon as {@code /readyz} says ready (the first
 * wave), then again once it has answered a wave (the warm server). The figure is the slowest
 * answer of a wave, timed by the client from before it connects to the last byte, against the
 * bound of deadline + 100 ms; for the fallback on (answers 200 from the offline generator) and off
 * (answers 504), over several fresh starts, with the median and the worst.
 *
 * <pre>java bench/http/ColdBurst.java JAR [STARTS=5] [CONNECTIONS=64] [DEADLINE_MS=3000] [MODES=on,off]</pre>
 *
 * Run by bench/http/cold-burst.sh. The hung upstream runs in this process: it accepts the
 * server's connections, reads what they send and never answers. Server output goes to
 * bench/results/http/cold-burst/. The server's own slowest answer per wave (its access log's
 * latency) is printed beside the client's, so that the client's side of a wave can be told apart.
 */
public final class ColdBurst {

  private static final String QUERY =
      "username=Budi&emotion=bosan&reinforcement=positive&arcsmodel=attention&classname=XII-IPA-1&subject=Fisika";
  private static final byte[] WARM_ANSWER =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
          .getBytes(StandardCharsets.US_ASCII);

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "cli/target/intervensi.jar");
    int starts = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int connections = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    long deadlineMs = args.length > 3 ? Long.parseLong(args[3]) : 3000;
    List<String> modes = List.of((args.length > 4 ? args[4] : "on,off").split(","));
    String javaOptions = System.getenv().getOrDefault("INTERVENSI_JAVA_OPTS", "-XX:+UseParallelGC");
    Path results = Path.of(System.getenv().getOrDefault("RESULTS", "bench/results/http/cold-burst"));
    Files.createDirectories(results);
    long boundMs = deadlineMs + 100;

    System.out.printf("machine: %d cores, %s, Java %s (%s); load average %s%n", Runtime.getRuntime().availableProcessors(),
        memory(), System.getProperty("java.version"), System.getProperty("java.vm.name"), loadAverage());
    System.out.printf("server: java %s -jar %s serve --profile base, INTERVENSI_DEADLINE_MS=%d; %d connections a wave;"
        + " %d fresh starts per mode; bound %d ms%n", javaOptions, jar, deadlineMs, connections, starts, boundMs);

    try (HungUpstream upstream = new HungUpstream()) {
      Client client = new Client(connections);
      // This process's own code (sockets, threads, parsing) is warmed on the upstream's warm-up
      // path first, so that the client's first use does not count against the server.
      for (int i = 0; i < 30; i++) {
        client.wave(upstream.port(), "/warm", 10_000);
      }
      System.out.println();
      System.out.println("| fallback | wave | slowest answer per start (ms) | median | worst | over the bound | statuses |"
          + " server's slowest (ms) |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      for (String mode : modes) {
        List<Wave> first = new ArrayList<>();
        List<Wave> warm = new ArrayList<>();
        for (int start = 1; start <= starts; start++) {
          int port = freePort();
          Path log = results.resolve("access-" + mode + "-" + start + ".log");
          Process server = startServer(jar, javaOptions, port, upstream.port(), deadlineMs, mode, log,
              results.resolve("stderr-" + mode + "-" + start + ".log"));
          try {
            long readyMs = client.awaitReady(port, server);
            Wave one = client.wave(port, "/openai?" + QUERY, deadlineMs * 4);
            Thread.sleep(500);
            int linesAfterFirst = openaiLatencies(log).size();
            Wave two = client.wave(port, "/openai?" + QUERY, deadlineMs * 4);
            Thread.sleep(200);
            List<Long> latencies = openaiLatencies(log);
            one = one.withServer(max(latencies.subList(0, Math.min(linesAfterFirst, latencies.size()))));
            two = two.withServer(max(latencies.subList(Math.min(linesAfterFirst, latencies.size()), latencies.size())));
            first.add(one);
            warm.add(two);
            System.err.printf("fallback %s, start %d: ready after %d ms; first wave %s; warm wave %s; load %s%n", mode, start,
                readyMs, one, two, loadAverage());
          } finally {
            stop(server);
          }
        }
        row(mode, "first (cold)", first, boundMs);
        row(mode, "second (warm)", warm, boundMs);
      }
    }
    System.out.printf("%nload average after the run: %s%n", loadAverage());
  }

  private static void row(String mode, String wave, List<Wave> waves, long boundMs) {
    double[] slowest = waves.stream().mapToDouble(Wave::slowestMs).toArray();
    long over = waves.stream().mapToLong(w -> w.over(boundMs)).sum();
    long answers = waves.stream().mapToLong(w -> w.latenciesMs.length).sum();
    double worst = Arrays.stream(slowest).max().orElse(0);
    String statuses = waves.stream().flatMap(w -> w.statuses.entrySet().stream())
        .collect(java.util.stream.Collectors.groupingBy(Map.Entry::getKey, java.util.TreeMap::new,
            java.util.stream.Collectors.summingInt(Map.Entry::getValue)))
        .toString();
    System.out.printf(Locale.ROOT, "| %s | %s | %s | %.0f | %.0f (%.3f of the bound) | %d of %d | %s | %s |%n", mode, wave,
        String.join(", ", Arrays.stream(slowest).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v)).toList()),
        median(slowest), worst, worst / boundMs, over, answers, statuses,
        String.join(", ", waves.stream().map(w -> Long.toString(w.serverSlowestMs)).toList()));
  }

  private static Process startServer(Path jar, String javaOptions, int port, int upstreamPort, long deadlineMs,
      String fallback, Path accessLog, Path stderr) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : javaOptions.trim().split("\\s+")) {
      if (!option.isEmpty()) {
        command.add(option);
      }
    }
    command.addAll(List.of("-jar", jar.toString(), "serve", "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--profile", "base"));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    String path = env.get("PATH");
    String home = env.get("HOME");
    env.clear();
    env.put("PATH", path == null ? "/usr/bin:/bin" : path);
    if (home != null) {
      env.put("HOME", home);
    }
    env.put("OPENAI_API_KEY", "sk-bench-not-a-real-key");
    env.put("OPENAI_BASE_URL", "http://127.0.0.1:" + upstreamPort + "/v1");
    env.put("INTERVENSI_DEADLINE_MS", Long.toString(deadlineMs));
    env.put("INTERVENSI_FALLBACK", fallback);
    builder.redirectOutput(accessLog.toFile());
    builder.redirectError(stderr.toFile());
    // A working directory without a .env file of its own.
    builder.directory(accessLog.getParent().toFile());
    return builder.start();
  }

  private static void stop(Process server) throws InterruptedException {
    server.destroy();
    if (!server.waitFor(20, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor();
    }
  }

  private static final Pattern LATENCY = Pattern.compile("route=/openai .*latency_ms=(\\d+)");

  private static List<Long> openaiLatencies(Path accessLog) throws IOException {
    List<Long> latencies = new ArrayList<>();
    for (String line : Files.readAllLines(accessLog)) {
      Matcher matcher = LATENCY.matcher(line);
      if (matcher.find()) {
        latencies.add(Long.parseLong(matcher.group(1)));
      }
    }
    return latencies;
  }

  private static long max(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElse(-1);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length == 0 ? 0 : sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String memory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kib = Long.parseLong(line.replaceAll("\\D", ""));
          return String.format(Locale.ROOT, "%.0f GiB", kib / 1048576.0);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // unknown
    }
    return "unknown memory";
  }

  /** One wave's answers: each one's time and status. */
  record Wave(double[] latenciesMs, Map<Integer, Integer> statuses, long serverSlowestMs) {

    double slowestMs() {
      return Arrays.stream(latenciesMs).max().orElse(0);
    }

    long over(long boundMs) {
      return Arrays.stream(latenciesMs).filter(v -> v > boundMs).count();
    }

    Wave withServer(long serverSlowest) {
      return new Wave(latenciesMs, statuses, serverSlowest);
    }

    @Override
    public String toString() {
      double[] sorted = latenciesMs.clone();
      Arrays.sort(sorted);
      return String.format(Locale.ROOT, "fastest %.0f ms, median %.0f ms, slowest %.0f ms (server %d ms), statuses %s",
          sorted.length == 0 ? 0 : sorted[0], median(sorted), slowestMs(), serverSlowestMs, statuses);
    }
  }

  /** Sends a wave of requests at once, one connection each, on threads started beforehand. */
  static final class Client {
    private final int connections;

    Client(int connections) {
      this.connections = connections;
    }

    long awaitReady(int port, Process server) throws Exception {
      long start = System.nanoTime();
      while (true) {
        if (!server.isAlive()) {
          throw new IllegalStateException("the server exited with " + server.exitValue() + " before it was ready");
        }
        try {
          if (request(port, "/readyz", 2_000, null, null)[0] == 200) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(60)) {
          throw new IllegalStateException("the server was not ready within 60 s");
        }
        Thread.sleep(50);
      }
    }

    /**
     * A wave: every request on a connection of its own, each on a thread of its own started
     * beforehand, all let go at once. Each answer is timed, as wrk times it, from the moment its
     * request is written (its connection just opened) to its last byte, on a thread that does
     * nothing else, so that a busy machine delays the reading of one answer, not of all. The
     * connections stay open until the whole wave is answered, as a load generator's do.
     */
    Wave wave(int port, String target, long timeoutMs) throws InterruptedException {
      double[] latencies = new double[connections];
      int[] statuses = new int[connections];
      CyclicBarrier together = new CyclicBarrier(connections);
      CountDownLatch done = new CountDownLatch(connections);
      for (int i = 0; i < connections; i++) {
        int index = i;
        Thread thread = new Thread(() -> {
          Socket[] kept = new Socket[1];
          long[] written = new long[1];
          try {
            together.await();
            statuses[index] = request(port, target, timeoutMs, kept, written)[0];
            latencies[index] = (System.nanoTime() - written[0]) / 1e6;
          } catch (Exception e) {
            statuses[index] = -1;
            latencies[index] = timeoutMs;
          } finally {
            done.countDown();
          }
          try {
            done.await();
            if (kept[0] != null) {
              kept[0].close();
            }
          } catch (InterruptedException | IOException e) {
            // closing at the end of the wave
          }
        }, "burst-" + i);
        thread.start();
      }
      done.await();
      Map<Integer, Integer> counts = new java.util.TreeMap<>();
      for (int status : statuses) {
        counts.merge(status, 1, Integer::sum);
      }
      return new Wave(latencies, counts, -1);
    }

    /**
     * One GET on a new connection; returns the status and the body's length. The connection is
     * handed to {@code keep} open when given, else closed; when the request was written goes to
     * {@code written} ({@code System.nanoTime()}) when given.
     */
    static int[] request(int port, String target, long timeoutMs, Socket[] keep, long[] written) throws IOException {
      Socket socket = new Socket();
      boolean kept = false;
      try {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeoutMs);
        socket.setSoTimeout((int) timeoutMs);
        OutputStream out = socket.getOutputStream();
        if (written != null) {
          written[0] = System.nanoTime();
        }
        out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        int status = Integer.parseInt(head.substring(9, 12));
        int length = -1;
        for (String line : head.split("\r\n")) {
          if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        int read = 0;
        byte[] buffer = new byte[4096];
        while (length < 0 || read < length) {
          int n = in.read(buffer, 0, length < 0 ? buffer.length : Math.min(buffer.length, length - read));
          if (n < 0) {
            break;
          }
          read += n;
        }
        if (keep != null) {
          keep[0] = socket;
          kept = true;
        }
        return new int[] {status, read};
      } finally {
        if (!kept) {
          socket.close();
        }
      }
    }

    private static String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream(512);
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("the connection closed before the answer's head ended");
        }
        head.write(b);
        matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
            ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      return head.toString(StandardCharsets.US_ASCII);
    }
  }

  /**
   * A model server that never answers: it accepts every connection and reads whatever comes until
   * the client closes it. {@code GET /warm} alone is answered at once, for warming the client. One
   * thread serves every connection, so that the server's connections in a wave start no threads
   * in this process while it times the wave.
   */
  static final class HungUpstream implements AutoCloseable {
    private final Selector selector;
    private final ServerSocketChannel socket;
    private final Thread loop;

    HungUpstream() throws IOException {
      selector = Selector.open();
      socket = ServerSocketChannel.open();
      socket.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
      socket.configureBlocking(false);
      socket.register(selector, SelectionKey.OP_ACCEPT);
      loop = new Thread(this::serve, "hung-upstream");
      loop.setDaemon(true);
      loop.start();
    }

    int port() {
      return socket.socket().getLocalPort();
    }

    private void serve() {
      ByteBuffer buffer = ByteBuffer.allocate(16_384);
      while (selector.isOpen()) {
        try {
          selector.select();
          for (SelectionKey key : selector.selectedKeys()) {
            if (!key.isValid()) {
              continue;
            }
            if (key.isAcceptable()) {
              SocketChannel connection = socket.accept();
              if (connection != null) {
                connection.configureBlocking(false);
                connection.register(selector, SelectionKey.OP_READ, Boolean.FALSE);
              }
            } else if (key.isReadable()) {
              read((SocketChannel) key.channel(), key, buffer);
            }
          }
          selector.selectedKeys().clear();
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
          return;
        }
      }
    }

    /** Reads and drops what the connection sent; answers it only when it asked for the warm-up path. */
    private static void read(SocketChannel connection, SelectionKey key, ByteBuffer buffer) {
      try {
        buffer.clear();
        int n = connection.read(buffer);
        if (n < 0) {
          connection.close();
          return;
        }
        boolean seen = (Boolean) key.attachment();
        if (!seen && n > 0) {
          key.attach(Boolean.TRUE);
          if (new String(buffer.array(), 0, Math.min(n, 9), StandardCharsets.US_ASCII).equals("GET /warm")) {
            connection.write(ByteBuffer.wrap(WARM_ANSWER));
            connection.close();
          }
        }
      } catch (IOException e) {
        // the server gave up on the call: what a hung model sees
        try {
          connection.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }

    @Override
    public void close() throws IOException {
      selector.close();
      socket.close();
    }
  }
}
