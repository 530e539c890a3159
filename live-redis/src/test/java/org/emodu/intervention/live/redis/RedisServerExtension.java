package org.emodu.intervention.live.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} (Debian's package) for the tests of a class: started on a free port
 * of 127.0.0.1 in a temporary directory, with nothing saved ({@code --save '' --appendonly no}),
 * before the class's first test; started again before a test if an earlier one stopped it; stopped
 * after the class. A test may {@link #stop} and {@link #start} it to see Redis go and come back on
 * the same port.
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();
 * ... RedisPolicyStore.open(redis.uri()) ...
 * }</pre>
 *
 * <p>A machine without {@code redis-server} on its PATH fails these tests, saying to install it:
 * CI installs it ({@code .ci/run}), so a skipped Redis test would hide a missing step.
 */
public final class RedisServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  /** How long Redis may take to answer after it is started. */
  private static final long START_MILLIS = 15_000;

  private final List<String> arguments;
  private Path directory;
  private int port = -1;
  private Process process;

  /** A server with Redis's defaults and {@code extraArguments}, such as {@code "--requirepass", "secret"}. */
  public RedisServerExtension(String... extraArguments) {
    this.arguments = List.of(extraArguments);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!running()) {
      start();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
    deleteDirectory();
  }

  /** The port Redis listens on; the same across {@link #stop} and {@link #start}. */
  public synchronized int port() {
    if (port < 0) {
      throw new IllegalStateException("the Redis server has not been started");
    }
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port();
  }

  /** Whether the server process is alive. */
  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /**
   * Starts the server (on the port it had, if it ran before) and returns once it answers {@code PING}.
   *
   * @throws IllegalStateException when {@code redis-server} is not installed or does not come up
   */
  public synchronized void start() {
    if (running()) {
      return;
    }
    Path executable = findExecutable();
    try {
      if (directory == null) {
        directory = Files.createTempDirectory("intervensi-redis-");
      }
      if (port < 0) {
        port = freePort();
      }
      List<String> command = new ArrayList<>(List.of(executable.toString(),
          "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", directory.toString(),
          "--daemonize", "no", "--loglevel", "warning"));
      command.addAll(arguments);
      Path log = directory.resolve("redis.log");
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      Process started = process;
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
      awaitAnswer(started, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server: " + e.getMessage(), e);
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL if it lingers) and returns once it has exited. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private void awaitAnswer(Process started, Path log) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + started.exitValue() + " on port " + port
            + "; its output: " + tail(log));
      }
      if (answers()) {
        return;
      }
      try {
        // Waits on the process rather than sleeping: returns at once should it exit.
        started.waitFor(10, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for redis-server", e);
      }
    }
    started.destroyForcibly();
    throw new IllegalStateException("redis-server did not answer on port " + port + " within " + START_MILLIS
        + " ms; its output: " + tail(log));
  }

  /** Whether something on the port answers a PING as Redis does (PONG, or NOAUTH when it wants a password). */
  private boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[64];
      int read = in.read(reply);
      String text = read <= 0 ? "" : new String(reply, 0, read, StandardCharsets.US_ASCII);
      return text.startsWith("+PONG") || text.startsWith("-NOAUTH");
    } catch (IOException e) {
      return false;
    }
  }

  private static Path findExecutable() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        Path candidate = Path.of(entry.isEmpty() ? "." : entry, "redis-server");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException("redis-server is not on the PATH, and the Redis tests need a real one:"
        + " install Debian's package (apt-get install -y redis-server), as .ci/run does");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log);
      return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private void deleteDirectory() {
    if (directory == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is harmless.
    }
    directory = null;
  }
}
