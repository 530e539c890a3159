package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {

  private static final String KEY = "sk-proj-doctortestkey0123456789wxyz";
  // The shape of GET /v1/models/{model}, as the SDK's Model class reads it.
  private static final String MODEL = "{\"id\":\"gpt-3.5-turbo\",\"object\":\"model\",\"created\":1677610602,\"owned_by\":\"openai\"}";

  private final MockWebServer server = new MockWebServer();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir
  Path directory;

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private int run(Map<String, String> settings, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "doctor";
    System.arraycopy(args, 0, all, 1, args.length);
    return Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true), () -> Settings.of(settings));
  }

  private Map<String, String> modelSettings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("OPENAI_API_KEY", KEY);
    settings.put("OPENAI_BASE_URL", server.url("/v1").toString());
    return settings;
  }

  private String output() {
    return out.toString() + err.toString();
  }

  @Test
  void passesOfflineWithoutAKeyListingEverySettingAndTheBuiltInCorpus() {
    int code = run(Map.of());

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("ok   setting  OPENAI_MODEL=gpt-3.5-turbo (default)")
        .contains("OPENAI_API_KEY not set (default)")
        .contains("INTERVENSI_STATE=memory (default)")
        .contains("INTERVENSI_PERSIST_MS=15000 (default)", "INTERVENSI_COOLDOWN_MS=180000 (default)",
            "INTERVENSI_CLASS_RATE=6 (default)")
        .contains("ok   model    OPENAI_API_KEY is not set")
        .containsPattern("ok   corpus   'builtin-exemplars': \\d+ exemplars")
        .doesNotContain("fail");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void asksTheModelEndpointForTheConfiguredModelOnlyAndMasksTheKey() throws Exception {
    server.enqueue(Fixtures.json(200, MODEL));

    int code = run(modelSettings());

    assertThat(code).isZero();
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getPath()).isEqualTo("/v1/models/gpt-3.5-turbo");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(out.toString())
        .contains("OPENAI_API_KEY=sk-...wxyz (env)")
        .contains("ok   model    'gpt-3.5-turbo' is available at " + server.url("/v1"));
    assertThat(output()).doesNotContain(KEY);
  }

  @Test
  void failsOnARefusedKeySayingToCheckItWithoutPrintingIt() {
    server.enqueue(Fixtures.response(401, "error-401.json"));

    int code = run(modelSettings());

    assertThat(code).isEqualTo(ExitCodes.FAILED);
    assertThat(out.toString()).contains("fail model").contains("(401): check OPENAI_API_KEY");
    assertThat(output()).doesNotContain(KEY).doesNotContain("doctortestkey");
  }

  @Test
  void masksCredentialsInTheBaseUrlAndTheRedisPassword() {
    Map<String, String> settings = new HashMap<>();
    settings.put("OPENAI_BASE_URL", "https://user:hunter2secret@models.example/v1");
    settings.put("INTERVENSI_STATE", "redis://:redispass99@127.0.0.1:" + closedPort());
    settings.put("INTERVENSI_API_TOKENS", "tokenvalue123");

    run(settings, "--json");

    assertThat(output()).doesNotContain("hunter2secret").doesNotContain("redispass99").doesNotContain("tokenvalue123")
        .contains("INTERVENSI_API_TOKENS=set");
  }

  @Test
  void failsOnALogWhoseDirectoryDoesNotExistAndCreatesNothing() {
    Path log = directory.resolve("missing").resolve("interactions.jsonl");

    int code = run(Map.of("INTERVENSI_LOG", log.toString()));

    assertThat(code).isEqualTo(ExitCodes.FAILED);
    assertThat(out.toString()).contains("fail log").contains("does not exist: create it or change INTERVENSI_LOG");
    assertThat(directory.resolve("missing")).doesNotExist();
  }

  @Test
  void passesAWritableLogWithoutCreatingOrTruncatingIt() throws IOException {
    Path log = directory.resolve("interactions.jsonl");
    Files.writeString(log, "{\"kept\":true}\n");

    int code = run(Map.of("INTERVENSI_LOG", log.toString()));

    assertThat(code).isZero();
    assertThat(out.toString()).contains("ok   log").contains("exists and is writable");
    assertThat(log).hasContent("{\"kept\":true}");
  }

  @Test
  void failsOnAnUnreachableRedis() throws IOException {
    int code = run(Map.of("INTERVENSI_STATE", "redis://127.0.0.1:" + closedPort()));

    assertThat(code).isEqualTo(ExitCodes.FAILED);
    assertThat(out.toString()).contains("fail state").contains("does not answer: start it");
  }

  @Test
  void failsOnABadLiveClassSettingNamingIt() {
    int code = run(Map.of("INTERVENSI_MIN_CONFIDENCE", "tinggi"));

    assertThat(code).isEqualTo(ExitCodes.FAILED);
    assertThat(out.toString()).contains("fail setting").contains("INTERVENSI_MIN_CONFIDENCE");
  }

  @Test
  void failsOnAnUnreadableCorpusNamingTheSetting() {
    int code = run(Map.of("INTERVENSI_CORPUS", directory.resolve("none.jsonl").toString()));

    assertThat(code).isEqualTo(ExitCodes.FAILED);
    assertThat(out.toString()).contains("fail corpus").contains("INTERVENSI_CORPUS");
  }

  @Test
  void printsTheChecksAsJson() throws Exception {
    int code = run(Map.of(), "--json");

    assertThat(code).isZero();
    JsonNode json = Json.mapper().readTree(out.toString());
    assertThat(json.get("ok").asBoolean()).isTrue();
    assertThat(json.get("checks").findValuesAsText("check")).contains("setting", "model", "corpus");
    assertThat(json.get("checks").findValuesAsText("status")).containsOnly("ok");
  }

  @Test
  void printsACompletionScriptThatKnowsTheCommands() {
    int code = Main.run(new String[] {"generate-completion"}, new PrintWriter(out, true), new PrintWriter(err, true), () -> Settings.of(Map.of()));

    assertThat(code).isZero();
    assertThat(out.toString()).contains("complete -F").contains("doctor").contains("generate");
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
