package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.log.InteractionLog;
import org.emodu.intervention.core.log.InteractionRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class PrivacyTest {

  private static final String TOKEN = "emodu-service-token-0123456789";

  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Logger accessLogger;

  @BeforeEach
  void captureTheAccessLog() {
    accessLogger = (Logger) LoggerFactory.getLogger(AccessLog.NAME);
    lines.start();
    accessLogger.addAppender(lines);
    accessLogger.setLevel(ch.qos.logback.classic.Level.INFO);
  }

  @AfterEach
  void release() {
    accessLogger.detachAppender(lines);
    accessLogger.setLevel(null);
  }

  @Test
  void theAccessLogHasOneLinePerRequestWithoutNamesTextsQueriesOrTokens() {
    String text;
    try (TestServer server = TestServer.offline(Map.of(ServerSettings.API_TOKENS, TOKEN))) {
      text = TestServer.json(server.get("/openai?" + TestServer.SEED_QUERY, "Authorization", "Bearer " + TOKEN))
          .path("response").asText();
      server.post("/v1/interventions", "application/json",
          "{\"username\":\"Sari Wulandari\",\"emotion\":\"sedih\",\"classname\":\"X-2\",\"subject\":\"Biologi\"}",
          "Authorization", "Bearer " + TOKEN);
      server.get("/openai?username=Budi&emotion=ngantuk", "Authorization", "Bearer " + TOKEN);
    }

    List<String> messages = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(messages).hasSize(3);
    assertThat(messages.get(0)).contains("method=GET", "route=/openai", "status=200", "emotion=bored",
        "generator=offline", "fallback=false", "latency_ms=").containsPattern("request=\\S+-\\d+");
    assertThat(messages.get(1)).contains("route=/v1/interventions", "status=200", "emotion=sad");
    assertThat(messages.get(2)).contains("status=400");
    assertThat(String.join("\n", messages))
        .doesNotContain("Budi", "Sari", "Wulandari", "XII-IPA-1", "Fisika", "Biologi", "ngantuk", TOKEN, "username=")
        .doesNotContain(text);
  }

  @Test
  void theInteractionLogIsWrittenOnlyWhenASettingNamesIt(@TempDir Path directory) {
    Path file = directory.resolve("interactions.jsonl");
    try (TestServer server = TestServer.offline(Map.of())) {
      server.get("/openai?" + TestServer.SEED_QUERY);
    }
    assertThat(file).doesNotExist();
    try (java.util.stream.Stream<Path> files = uncheckedList(directory)) {
      assertThat(files).isEmpty();
    }

    try (TestServer server = TestServer.offline(Map.of(Settings.LOG, file.toString()))) {
      server.get("/openai?" + TestServer.SEED_QUERY);
      assertThat(server.server.notices()).anyMatch(notice -> notice.contains(file.toString()));
    }
    List<InteractionRecord> records = InteractionLog.read(file);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).toString()).contains("Budi");
  }

  private static java.util.stream.Stream<Path> uncheckedList(Path directory) {
    try {
      return Files.list(directory);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
