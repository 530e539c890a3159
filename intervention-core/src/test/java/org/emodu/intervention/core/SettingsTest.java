package org.emodu.intervention.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.emodu.intervention.core.internal.Secrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  private static final String KEY = "sk-proj-secretsecretsecretsecret1234";

  @TempDir
  Path directory;

  @Test
  void readsTheEnvFileAndTheRealEnvironmentWins() throws Exception {
    Files.writeString(directory.resolve(".env"), """
        # comment
        OPENAI_API_KEY=%s
        OPENAI_MODEL=gpt-from-file
        INTERVENSI_DEADLINE_MS=1500
        """.formatted(KEY));

    Settings settings = Settings.load(Map.of("OPENAI_MODEL", "gpt-from-env"), directory);

    assertThat(settings.get(Settings.OPENAI_API_KEY)).contains(KEY);
    assertThat(settings.get(Settings.OPENAI_MODEL)).contains("gpt-from-env");
    assertThat(settings.millis(Settings.DEADLINE_MS, Duration.ofSeconds(3))).isEqualTo(Duration.ofMillis(1500));
    assertThat(settings.envFile()).contains(directory.resolve(".env"));
  }

  @Test
  void worksWithoutAnEnvFileAndTreatsBlankAsUnset() {
    Settings settings = Settings.load(Map.of("OPENAI_API_KEY", "  "), directory);

    assertThat(settings.hasApiKey()).isFalse();
    assertThat(settings.envFile()).isEmpty();
  }

  @Test
  void missingSettingsAreAllNamedButNeverValued() {
    Settings settings = Settings.of(Map.of("OPENAI_MODEL", "gpt-3.5-turbo"));

    MissingSettingsException error = catchThrowableOfType(MissingSettingsException.class,
        () -> settings.require("the finetuned profile", Settings.OPENAI_API_KEY, Settings.OPENAI_FINE_TUNED_MODEL));

    assertThat(error.missing()).containsExactly("OPENAI_API_KEY", "OPENAI_FINE_TUNED_MODEL");
    assertThat(error.getMessage()).isEqualTo("the finetuned profile needs OPENAI_API_KEY, OPENAI_FINE_TUNED_MODEL,"
        + " which are not set; set them in the environment or in a .env file");
  }

  @Test
  void theKeyNeverAppearsInToStringOrErrors() {
    Settings settings = Settings.of(Map.of("OPENAI_API_KEY", KEY, "INTERVENSI_API_TOKENS", "tok-1,tok-2",
        "INTERVENSI_DEADLINE_MS", "soon"));

    assertThat(settings.toString()).doesNotContain(KEY).doesNotContain("tok-1")
        .contains("OPENAI_API_KEY=[set]").contains("INTERVENSI_DEADLINE_MS='soon'");
    SettingsException error = catchThrowableOfType(SettingsException.class,
        () -> Settings.of(Map.of("OPENAI_API_KEY", KEY)).intValue("OPENAI_API_KEY", 1, 0, 10));
    assertThat(error.getMessage()).doesNotContain(KEY).contains("OPENAI_API_KEY must be a whole number");
  }

  @Test
  void malformedEnvFileIsNamedWithoutItsContents() throws Exception {
    Files.writeString(directory.resolve(".env"), "OPENAI_API_KEY " + KEY + "\n");

    SettingsException error = catchThrowableOfType(SettingsException.class, () -> Settings.load(Map.of(), directory));

    assertThat(error.getMessage()).contains(".env").doesNotContain(KEY);
  }

  @Test
  void malformedEnvLineIsNamedByItsNumber() throws Exception {
    Files.writeString(directory.resolve(".env"), """
        # the key
        OPENAI_API_KEY=%s

        NOTE="a quoted value
        over two lines"
        2026-12-01T20:03:30Z info  The job failed
        """.formatted(KEY));

    SettingsException error = catchThrowableOfType(SettingsException.class, () -> Settings.load(Map.of(), directory));

    assertThat(error).hasMessage("cannot read " + directory.resolve(".env")
        + ": line 6 is not of the form NAME=value (a comment line starts with #)");
  }

  @Test
  void envFileWithCommentsBlankLinesAndAQuotedValueOverLinesIsRead() throws Exception {
    Files.writeString(directory.resolve(".env"), """
        # models
        OPENAI_MODEL=gpt-4o-mini  # the base profile

        INTERVENSI_NOTE="two
        lines"
        """);

    Settings settings = Settings.load(Map.of(), directory);

    assertThat(settings.get("OPENAI_MODEL")).contains("gpt-4o-mini");
  }

  @Test
  void writingToAnEnvFileReplacesTheVariableAndKeepsEveryOtherLineAndThePermissions() throws Exception {
    Path file = Files.writeString(directory.resolve(".env"), """
        # keys
        OPENAI_API_KEY=%s
        OPENAI_FINE_TUNED_MODEL=ft:old  # the first model

        OPENAI_MODEL=gpt-4o-mini
        OPENAI_FINE_TUNED_MODEL=ft:older
        """.formatted(KEY));
    java.util.Set<java.nio.file.attribute.PosixFilePermission> owner = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
    Files.setPosixFilePermissions(file, owner);

    Settings.writeToEnvFile(file, "OPENAI_FINE_TUNED_MODEL", "ft:gpt-3.5-turbo-0125:org::AbC123");

    assertThat(Files.readString(file)).isEqualTo("""
        # keys
        OPENAI_API_KEY=%s
        OPENAI_FINE_TUNED_MODEL=ft:gpt-3.5-turbo-0125:org::AbC123

        OPENAI_MODEL=gpt-4o-mini
        """.formatted(KEY));
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(owner);
    assertThat(Settings.load(Map.of(), directory).get("OPENAI_FINE_TUNED_MODEL")).contains("ft:gpt-3.5-turbo-0125:org::AbC123");
  }

  @Test
  void writingToAMissingEnvFileCreatesIt() throws Exception {
    Settings.writeToEnvFile(directory.resolve(".env"), "OPENAI_FINE_TUNED_MODEL", "ft:a");

    assertThat(Files.readString(directory.resolve(".env"))).isEqualTo("OPENAI_FINE_TUNED_MODEL=ft:a\n");
  }

  @Test
  void writingToAMalformedEnvFileLeavesItAsItWasNamingTheLine() throws Exception {
    String content = "OPENAI_MODEL=gpt\n2026-12-01T20:03:30Z info  The job failed\n";
    Files.writeString(directory.resolve(".env"), content);

    assertThatThrownBy(() -> Settings.writeToEnvFile(directory.resolve(".env"), "OPENAI_FINE_TUNED_MODEL", "ft:a"))
        .isInstanceOf(SettingsException.class).hasMessageEndingWith("line 2 is not of the form NAME=value (a comment line starts with #)");
    assertThat(Files.readString(directory.resolve(".env"))).isEqualTo(content);
  }

  @Test
  void typedValuesNameTheVariableAndTheAcceptedRange() {
    Settings settings = Settings.of(Map.of("INTERVENSI_MAX_RETRIES", "99", "INTERVENSI_FALLBACK", "maybe",
        "INTERVENSI_TEMPERATURE", "hot"));

    assertThat(catchThrowableOfType(SettingsException.class, () -> settings.intValue("INTERVENSI_MAX_RETRIES", 2, 0, 10)))
        .hasMessage("INTERVENSI_MAX_RETRIES must be a whole number from 0 to 10, got '99'");
    assertThat(catchThrowableOfType(SettingsException.class, () -> settings.flag("INTERVENSI_FALLBACK", true)))
        .hasMessage("INTERVENSI_FALLBACK must be on or off, got 'maybe'");
    assertThat(catchThrowableOfType(SettingsException.class, () -> settings.doubleValue("INTERVENSI_TEMPERATURE", 0.7, 0, 2)))
        .hasMessage("INTERVENSI_TEMPERATURE must be a number from 0.0 to 2.0, got 'hot'");
    assertThat(Settings.of(Map.of("INTERVENSI_FALLBACK", "OFF")).flag("INTERVENSI_FALLBACK", true)).isFalse();
  }

  @Test
  void redactsKeysAndBearerTokensInFreeText() {
    assertThat(Secrets.redact("Incorrect API key provided: sk-proj-****abcd. Authorization: Bearer abc.def-123"))
        .isEqualTo("Incorrect API key provided: [redacted]. Authorization: [redacted]");
  }

  @Test
  void anEnvFileThatIsNotUtf8IsNamedByLineWithoutItsContent() throws Exception {
    Files.write(directory.resolve(".env"), ("OPENAI_MODEL=gpt\nOPENAI_API_KEY=" + KEY + "\u00e9\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

    SettingsException error = catchThrowableOfType(SettingsException.class, () -> Settings.load(Map.of(), directory));

    assertThat(error).hasMessage("cannot read " + directory.resolve(".env") + ": line 2 is not UTF-8; save the file as UTF-8");
  }
}
