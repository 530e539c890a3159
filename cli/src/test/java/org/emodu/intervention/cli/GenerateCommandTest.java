package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.log.InteractionLog;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

  private static final String KEY = "sk-proj-clitestkey0123456789abcdef";
  private static final String[] BUDI = {
      "generate", "--username", "Budi", "--emotion", "bosan", "--classname", "XII-IPA-1", "--subject", "Fisika"};

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
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), () -> Settings.of(settings));
  }

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  private Map<String, String> modelSettings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("OPENAI_API_KEY", KEY);
    settings.put("OPENAI_BASE_URL", server.url("/v1").toString());
    settings.put("INTERVENSI_MAX_RETRIES", "0");
    return settings;
  }

  @Test
  void generatesOfflineWithoutAKeyAndSaysSoOnce() {
    int code = run(Map.of(), BUDI);

    assertThat(code).isZero();
    assertThat(out.toString().strip()).contains("Budi").doesNotContain("{username}").doesNotContain("\n");
    assertThat(err.toString()).isEqualTo(
        "intervensi: OPENAI_API_KEY is not set: generating offline from the builtin-exemplars corpus\n");
  }

  @Test
  void printsTheWholeInterventionAsJson() throws Exception {
    int code = run(Map.of(), with(BUDI, "--json", "--seed", "7", "--reinforcement", "negatif", "--arcs", "relevansi"));

    assertThat(code).isZero();
    JsonNode json = Json.mapper().readTree(out.toString());
    assertThat(json.get("text").asText()).contains("Budi");
    assertThat(json.get("generator").asText()).isEqualTo("offline");
    assertThat(json.get("usage").get("total").asInt()).isZero();
    assertThat(json.get("fallback").asBoolean()).isFalse();
    assertThat(json.has("requestId")).isTrue();
  }

  @Test
  void sameSeedGivesTheSameText() {
    run(Map.of(), with(BUDI, "--seed", "11"));
    String first = out.toString();
    out.getBuffer().setLength(0);
    run(Map.of(), with(BUDI, "--seed", "11"));

    assertThat(out.toString()).isEqualTo(first);
  }

  @Test
  void unknownEmotionExitsTwoNamingTheFieldAndTheChoices() {
    int code = run(Map.of(), "generate", "--username", "Budi", "--emotion", "ngantuk", "--classname", "X",
        "--subject", "Y");

    assertThat(code).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).startsWith("intervensi: emotion 'ngantuk' is not recognised; use one of: happy (senang)")
        .contains("bored (bosan)").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void overlongAndBlankFieldsExitTwoNamingThem() {
    int code = run(Map.of(), "generate", "--username", "x".repeat(65), "--emotion", "sad", "--classname", " ",
        "--subject", "Y");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("username is longer than 64 characters").contains("classname is blank");
  }

  @Test
  void missingOptionsExitTwoWithAHint() {
    int code = run(Map.of(), "generate", "--username", "Budi");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required options").contains("intervensi generate --help");
  }

  @Test
  void fineTunedProfileWithoutItsSettingsNamesThemWithoutValues() {
    Map<String, String> settings = Map.of("OPENAI_API_KEY", KEY);

    int code = run(settings, with(BUDI, "--profile", "finetuned"));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("OPENAI_FINE_TUNED_MODEL").doesNotContain(KEY);
  }

  @Test
  void unknownProfileListsTheChoices() {
    assertThat(run(Map.of(), with(BUDI, "--profile", "gpt"))).isEqualTo(2);
    assertThat(err.toString()).contains("profile 'gpt' is not known; use one of: auto, offline, base, finetuned");
  }

  @Test
  void autoWithAKeyAsksTheModelAndLogsTheInteraction() throws Exception {
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody(Fixtures.body("chat-completion.json")));
    Path log = directory.resolve("interactions.jsonl");

    int code = run(modelSettings(), with(BUDI, "--log", log.toString()));

    assertThat(code).isZero();
    assertThat(out.toString()).startsWith("Hai Budi! Yuk tebak");
    assertThat(err.toString()).startsWith("intervensi: using the base profile (gpt-3.5-turbo at http://");
    assertThat(InteractionLog.read(log)).singleElement().satisfies(record -> {
      assertThat(record.usage().prompt()).isEqualTo(400);
      assertThat(record.generator()).isEqualTo("base");
    });
    String logged = Files.readString(log);
    assertThat(logged).doesNotContain(KEY);
  }

  @Test
  void autoFallsBackOfflineWhenTheKeyIsRejectedAndSaysWhy() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
        .setBody(Fixtures.body("error-401.json")));

    int code = run(modelSettings(), BUDI);

    assertThat(code).isZero();
    assertThat(out.toString()).contains("Budi");
    assertThat(err.toString()).contains("API key rejected by").contains("served the offline fallback")
        .doesNotContain(KEY).doesNotContain("sk-proj");
  }

  @Test
  void explicitBaseProfileFailsWithExitOneOnARejectedKey() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
        .setBody(Fixtures.body("error-401.json")));

    int code = run(modelSettings(), with(BUDI, "--profile", "base"));

    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).startsWith("intervensi: API key rejected by").contains("check OPENAI_API_KEY")
        .doesNotContain(KEY);
  }

  @Test
  void unwritableLogIsAClearFailure() throws Exception {
    Path blocker = directory.resolve("file");
    Files.writeString(blocker, "x");

    int code = run(Map.of(), with(BUDI, "--log", blocker.resolve("log.jsonl").toString()));

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("cannot open the interaction log");
  }
}
