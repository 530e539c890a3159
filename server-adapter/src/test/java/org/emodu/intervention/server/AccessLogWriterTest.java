package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class AccessLogWriterTest {

  private static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");

  private static AccessLogWriter.Line line(long epochMillis, int number) {
    return new AccessLogWriter.Line(epochMillis, "g8ilc57r-" + number, "GET", "/openai", 200, "bored", "offline",
        "false", 3);
  }

  @Test
  void writesTheLineLogbacksAccessPatternWrote() {
    long epochMillis = Instant.parse("2026-11-27T20:50:01.084Z").toEpochMilli();
    for (ZoneId zone : List.of(ZoneId.of("UTC"), JAKARTA, ZoneId.of("America/St_Johns"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (AccessLogWriter writer = new AccessLogWriter(out, zone)) {
        writer.write(line(epochMillis, 1));
      }

      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(logback(zone, epochMillis,
          "request=g8ilc57r-1 method=GET route=/openai status=200 emotion=bored generator=offline fallback=false"
              + " latency_ms=3"));
    }
  }

  @Property(tries = 300)
  void timestampsMatchTheIsoPatternWithMillisecondsAndOffset(
      @ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long epochMillis) {
    DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    for (ZoneId zone : List.of(ZoneId.of("UTC"), JAKARTA, ZoneId.of("Europe/Berlin"))) {
      AccessLogWriter.Timestamps timestamps = new AccessLogWriter.Timestamps(zone);
      StringBuilder text = new StringBuilder();
      timestamps.append(epochMillis - 1_000, text);
      text.setLength(0);
      timestamps.append(epochMillis, text);

      assertThat(text).hasToString(iso.format(Instant.ofEpochMilli(epochMillis).atZone(zone)));
    }
  }

  @Test
  void keepsEveryLineInOrderWhenRequestsOutpaceTheQueue() throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int threads = 4;
    int perThread = AccessLogWriter.QUEUE_CAPACITY;
    try (AccessLogWriter writer = new AccessLogWriter(out, JAKARTA)) {
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t * perThread;
        Thread thread = new Thread(() -> {
          for (int i = 0; i < perThread; i++) {
            writer.write(line(1_764_276_601_084L, first + i));
          }
        });
        thread.start();
        writers.add(thread);
      }
      for (Thread thread : writers) {
        thread.join();
      }
    }

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(threads * perThread);
    for (int t = 0; t < threads; t++) {
      int first = t * perThread;
      List<Integer> numbers = lines.stream()
          .map(text -> Integer.parseInt(text.replaceAll(".*request=g8ilc57r-(\\d+) .*", "$1")))
          .filter(number -> number >= first && number < first + perThread)
          .toList();
      assertThat(numbers).hasSize(perThread).isSorted();
    }
  }

  @Test
  void anIdleServersLineIsWrittenWithoutWaitingForMore() throws InterruptedException {
    CountDownLatch flushed = new CountDownLatch(1);
    ByteArrayOutputStream out = new ByteArrayOutputStream() {
      @Override
      public void flush() {
        flushed.countDown();
      }
    };
    try (AccessLogWriter writer = new AccessLogWriter(out, JAKARTA)) {
      writer.write(line(1_764_276_601_084L, 42));

      assertThat(flushed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("request=g8ilc57r-42 ").endsWith(System.lineSeparator());
    }
  }

  @Test
  void linesAfterCloseAreIgnoredRatherThanBlocking() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AccessLogWriter writer = new AccessLogWriter(out, JAKARTA);
    writer.write(line(1_764_276_601_084L, 1));
    writer.close();
    writer.write(line(1_764_276_601_084L, 2));
    writer.close();

    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
  }

  private static String logback(ZoneId zone, long epochMillis, String message) {
    LoggerContext context = new LoggerContext();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, " + zone.getId() + "} access %msg%n");
    encoder.start();
    LoggingEvent event = new LoggingEvent(AccessLogWriterTest.class.getName(), context.getLogger(AccessLog.NAME),
        Level.INFO, message, null, null);
    event.setTimeStamp(epochMillis);
    String text = new String(encoder.encode(event), StandardCharsets.UTF_8);
    encoder.stop();
    return text;
  }
}
