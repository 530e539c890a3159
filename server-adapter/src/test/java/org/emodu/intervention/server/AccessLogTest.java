package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.junit.jupiter.api.Test;

class AccessLogTest {

  @Test
  void askedToTheServerWritesTheLinesToStandardOutputItself() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      try (TestServer server = TestServer.start(InterventionServer.builder(Settings.of(Map.of())).profile(Profile.OFFLINE)
          .accessLogToStandardOutput())) {
        server.get("/openai?" + TestServer.SEED_QUERY);
        server.get("/openai?username=Budi&emotion=ngantuk");
        server.get("/healthz");
      }
    } finally {
      System.setOut(original);
    }

    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(line -> line.contains(" access ")).toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) access request=\\S+-\\d+"
            + " method=GET route=/openai status=200 emotion=bored generator=offline fallback=false latency_ms=\\d+");
    assertThat(lines.get(1)).contains("route=/openai status=400 emotion=- generator=- fallback=-");
    // Health checks have a request id too, as every answer does.
    assertThat(lines.get(2)).containsPattern("request=\\S+-\\d+ method=GET route=/healthz status=200");
    assertThat(String.join("\n", lines)).doesNotContain("Budi", "XII-IPA-1", "Fisika", "ngantuk", "username=");
  }
}
