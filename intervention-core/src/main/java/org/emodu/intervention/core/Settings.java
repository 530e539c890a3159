package org.emodu.intervention.core;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import io.github.cdimascio.dotenv.DotenvException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.core.internal.Secrets;
import org.emodu.intervention.core.internal.io.LineReader;
import org.emodu.intervention.core.internal.io.MalformedLineException;
import org.emodu.intervention.core.internal.io.UntrustedText;

/**
 * The toolkit's configuration: environment variables, optionally from a {@code .env} file in the
 * working directory, where the real environment wins. Blank values count as unset.
 *
 * <p>Typed getters check values and fail with a {@link SettingsException} that names the variable
 * and the accepted range; {@link #require} lists every missing name at once. Values of secrets
 * (any name with KEY, TOKEN, SECRET or PASSWORD) never appear in messages or {@link #toString}, nor
 * do the user and password of a URL ({@value #OPENAI_BASE_URL} may carry them).
 * Immutable and thread-safe.
 */
public final class Settings {

  public static final String OPENAI_API_KEY = "OPENAI_API_KEY";
  public static final String OPENAI_BASE_URL = "OPENAI_BASE_URL";
  public static final String OPENAI_MODEL = "OPENAI_MODEL";
  public static final String OPENAI_FINE_TUNED_MODEL = "OPENAI_FINE_TUNED_MODEL";
  public static final String DEADLINE_MS = "INTERVENSI_DEADLINE_MS";
  public static final String TIMEOUT_MS = "INTERVENSI_TIMEOUT_MS";
  public static final String MAX_RETRIES = "INTERVENSI_MAX_RETRIES";
  public static final String MAX_CONNECTIONS = "INTERVENSI_MAX_CONNECTIONS";
  public static final String KEEP_ALIVE_MS = "INTERVENSI_KEEP_ALIVE_MS";
  public static final String MAX_TOKENS = "INTERVENSI_MAX_TOKENS";
  public static final String TEMPERATURE = "INTERVENSI_TEMPERATURE";
  public static final String BASE_PROMPT_FILE = "INTERVENSI_BASE_PROMPT_FILE";
  public static final String FINETUNED_PROMPT_FILE = "INTERVENSI_FINETUNED_PROMPT_FILE";
  public static final String CORPUS = "INTERVENSI_CORPUS";
  public static final String STRATEGIES = "INTERVENSI_STRATEGIES";
  public static final String LOG = "INTERVENSI_LOG";
  public static final String FALLBACK = "INTERVENSI_FALLBACK";

  /** The model the base profile asks when {@value #OPENAI_MODEL} is not set: the seed study's. */
  public static final String DEFAULT_MODEL = "gpt-3.5-turbo";

  /** A {@code .env} entry as dotenv-java reads it, so that a line it would refuse is named by number first. */
  private static final Pattern DOTENV_ENTRY =
      Pattern.compile("^\\s*([\\w.\\-]+)\\s*(=)\\s*(['][^']*[']|[\"][^\"]*[\"]|[^#]*)?\\s*(#.*)?$");

  private final Map<String, String> values;
  private final Optional<Path> envFile;

  private Settings(Map<String, String> values, Optional<Path> envFile) {
    this.values = Map.copyOf(values);
    this.envFile = envFile;
  }

  /** The process environment over {@code ./.env}, if that file exists. */
  public static Settings load() {
    return load(System.getenv(), Path.of("").toAbsolutePath());
  }

  /**
   * {@code environment} over {@code directory/.env}, if that file exists.
   *
   * @throws SettingsException when the file exists but cannot be read; the message names the file,
   *     never its contents
   */
  public static Settings load(Map<String, String> environment, Path directory) {
    Map<String, String> merged = new HashMap<>();
    Path file = directory.resolve(".env");
    Optional<Path> envFile = Optional.empty();
    if (Files.isRegularFile(file)) {
      checkReadable(file);
      try {
        Dotenv dotenv = Dotenv.configure().directory(directory.toString()).filename(".env").load();
        for (DotenvEntry entry : dotenv.entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
          merged.put(entry.getKey(), entry.getValue());
        }
        envFile = Optional.of(file);
      } catch (DotenvException e) {
        // The library's message quotes the offending line, which may hold a key.
        throw new SettingsException("cannot read " + file + ": a line is not of the form NAME=value");
      }
    }
    merged.putAll(environment);
    return new Settings(withoutBlanks(merged), envFile);
  }

  /**
   * Fails, naming the line, when the {@code .env} file is not UTF-8, has a line longer than 1 MiB,
   * or has a line that is neither blank, a comment nor {@code NAME=value} (a quoted value may span
   * lines): its parser would only say that some line is malformed. Says nothing of the line's content, which
   * may be a key.
   */
  private static void checkReadable(Path file) {
    try (LineReader lines = LineReader.open(file)) {
      StringBuilder entry = new StringBuilder();
      long entryLine = 0;
      long number = 0;
      String line;
      while ((line = lines.next()) != null) {
        number++;
        if (entry.isEmpty()) {
          String stripped = line.strip();
          if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith("////")) {
            continue;
          }
          entryLine = number;
        } else {
          entry.append('\n');
        }
        entry.append(line);
        Matcher matcher = DOTENV_ENTRY.matcher(entry);
        if (!matcher.matches()) {
          throw new SettingsException("cannot read " + file + ": line " + entryLine
              + " is not of the form NAME=value (a comment line starts with #)");
        }
        String value = matcher.group(3) == null ? "" : matcher.group(3).strip();
        boolean opensQuote = value.startsWith("\"") || value.startsWith("'");
        if (!opensQuote || (value.length() > 1 && value.endsWith(value.substring(0, 1)))) {
          entry.setLength(0);
        }
      }
      if (!entry.isEmpty()) {
        throw new SettingsException("cannot read " + file + ": line " + entryLine
            + " opens a quoted value that is never closed");
      }
    } catch (MalformedLineException e) {
      throw new SettingsException("cannot read " + file + ": line " + e.line()
          + (e.reason() == MalformedLineException.Reason.NOT_UTF8
              ? " is not UTF-8; save the file as UTF-8"
              : " is longer than " + MalformedLineException.size(LineReader.DEFAULT_MAX_LINE_BYTES)));
    } catch (java.io.IOException e) {
      throw new SettingsException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * Fails as {@link #load} would on {@code file}, a {@code .env}-style file: naming the line that is not
   * UTF-8, too long, or not {@code NAME=value}, a blank line or a comment.
   *
   * @throws SettingsException naming the file and the line, never its content
   */
  public static void checkEnvFile(Path file) {
    checkReadable(file);
  }

  /**
   * Sets {@code name} to {@code value} in the {@code .env}-style {@code file}: the first line that
   * sets {@code name} is replaced (later ones are removed, so the file says it once), or a line is
   * added at the end; every other line, comments and blank lines included, stays as it was. The
   * file is replaced atomically with its permissions kept, or created when it is missing.
   *
   * @throws SettingsException when {@code name} is not a variable name or {@code value} holds a line
   *     break, or when the file is not a readable {@code .env} (named by line, as {@link #load} names it)
   * @throws UncheckedIOException when the file cannot be written
   */
  public static void writeToEnvFile(Path file, String name, String value) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
      throw new SettingsException("'" + UntrustedText.printable(name, 64) + "' is not a variable name");
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new SettingsException("the value of " + name + " holds a line break");
    }
    String entry = name + "=" + (value.matches("[^\\s#'\"]*") ? value : "\"" + value.replace("\"", "") + "\"");
    StringBuilder content = new StringBuilder();
    boolean written = false;
    if (Files.exists(file)) {
      checkReadable(file);
      Pattern sets = Pattern.compile("^\\s*" + Pattern.quote(name) + "\\s*=.*");
      try (LineReader lines = LineReader.open(file)) {
        String line;
        while ((line = lines.next()) != null) {
          if (sets.matcher(line).matches()) {
            if (!written) {
              content.append(entry).append('\n');
              written = true;
            }
          } else {
            content.append(line).append('\n');
          }
        }
      } catch (java.io.IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    if (!written) {
      content.append(entry).append('\n');
    }
    OutputFiles.replaceKeepingPermissions(file,
        content.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Exactly these values, without looking at the environment or any file. */
  public static Settings of(Map<String, String> values) {
    return new Settings(withoutBlanks(values), Optional.empty());
  }

  /** These settings with some values replaced, for command-line options that override them. */
  public Settings with(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(values);
    merged.putAll(overrides);
    return new Settings(withoutBlanks(merged), envFile);
  }

  /** The {@code .env} file that was read, if any. */
  public Optional<Path> envFile() {
    return envFile;
  }

  /** A setting's value, trimmed; empty when unset or blank. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public String get(String name, String defaultValue) {
    return get(name).orElse(defaultValue);
  }

  public boolean isSet(String name) {
    return values.containsKey(name);
  }

  /** Whether an API key is set; the key itself is only handed to the backend that uses it. */
  public boolean hasApiKey() {
    return isSet(OPENAI_API_KEY);
  }

  /**
   * An integer setting within {@code [min, max]}.
   *
   * @throws SettingsException naming the variable and the accepted range
   */
  public int intValue(String name, int defaultValue, int min, int max) {
    Optional<String> text = get(name);
    if (text.isEmpty()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text.get());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw new SettingsException(name + " must be a whole number from " + min + " to " + max + ", got " + shown(name));
  }

  /**
   * A decimal setting within {@code [min, max]}.
   *
   * @throws SettingsException naming the variable and the accepted range
   */
  public double doubleValue(String name, double defaultValue, double min, double max) {
    Optional<String> text = get(name);
    if (text.isEmpty()) {
      return defaultValue;
    }
    try {
      double value = Double.parseDouble(text.get());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw new SettingsException(name + " must be a number from " + min + " to " + max + ", got " + shown(name));
  }

  /** A duration given in milliseconds, at least 1 ms. */
  public Duration millis(String name, Duration defaultValue) {
    return Duration.ofMillis(intValue(name, (int) defaultValue.toMillis(), 1, Integer.MAX_VALUE));
  }

  /**
   * An on/off setting: {@code on, true, yes, 1} or {@code off, false, no, 0}, any case.
   *
   * @throws SettingsException naming the variable and the accepted words
   */
  public boolean flag(String name, boolean defaultValue) {
    Optional<String> text = get(name);
    if (text.isEmpty()) {
      return defaultValue;
    }
    switch (text.get().toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes", "1":
        return true;
      case "off", "false", "no", "0":
        return false;
      default:
        throw new SettingsException(name + " must be on or off, got " + shown(name));
    }
  }

  /** A path setting. */
  public Optional<Path> path(String name) {
    return get(name).map(Path::of);
  }

  /**
   * Fails unless every named setting is set.
   *
   * @param purpose what needs them, for the message ("the finetuned profile")
   * @throws MissingSettingsException listing every missing name
   */
  public void require(String purpose, String... names) {
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      if (!isSet(name)) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new MissingSettingsException(purpose, missing);
    }
  }

  /** The settings with secrets shown as {@code [set]}, sorted by name. */
  @Override
  public String toString() {
    return new TreeMap<>(values).keySet().stream()
        .filter(name -> name.startsWith("OPENAI_") || name.startsWith("INTERVENSI_"))
        .map(name -> name + "=" + shown(name))
        .collect(Collectors.joining(", ", "Settings{", "}"));
  }

  private String shown(String name) {
    if (Secrets.isSecretName(name)) {
      return "[set]";
    }
    return "'" + UntrustedText.printable(Secrets.redact(values.get(name)), 80) + "'";
  }

  private static Map<String, String> withoutBlanks(Map<String, String> values) {
    Map<String, String> kept = new HashMap<>();
    values.forEach((name, value) -> {
      if (name != null && value != null && !value.isBlank()) {
        kept.put(name, value.strip());
      }
    });
    return kept;
  }
}
