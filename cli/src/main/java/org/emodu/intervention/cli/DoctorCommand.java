package org.emodu.intervention.cli;

import com.openai.client.OpenAIClient;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.CorpusFormatException;
import org.emodu.intervention.core.Emotion;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.Generators;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.SettingsException;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.core.internal.Secrets;
import org.emodu.intervention.core.internal.io.UntrustedText;
import org.emodu.intervention.core.openai.OpenAiConnection;
import org.emodu.intervention.live.PolicyStore;
import org.emodu.intervention.live.PolicySettings;
import org.emodu.intervention.live.redis.PolicyStores;
import org.emodu.intervention.server.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code intervensi doctor}: shows the settings the other commands would use and checks what they
 * would reach (the model endpoint with one free call, the corpus, the interaction log's directory,
 * Redis), one line per check. Never a chat completion, never a write, never a secret in the output.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
        "Shows the effective settings and checks the model endpoint, the corpus, the interaction log and Redis.",
        "Asks the model endpoint only for the configured model's description (free); writes nothing."
            + " Exits 0 when no check fails, 1 otherwise."},
    footer = {"", "Example:", "  intervensi doctor --json"})
final class DoctorCommand implements Callable<Integer> {

  /** The longest the doctor waits for the model endpoint or Redis, whatever the settings allow. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  /** Every setting the toolkit reads, with the value used when it is unset (empty: none). */
  private static final Map<String, String> KNOWN = known();

  @ParentCommand
  private Main main;

  @Spec
  private CommandSpec spec;

  @Option(names = "--json", description = "Print the checks as JSON.")
  private boolean json;

  /** One finding: what was checked, how it went, and why (with what to do when it is not ok). */
  record Check(String name, Status status, String detail) {}

  /** How a check went. */
  enum Status {
    OK, WARN, FAIL;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public Integer call() throws Exception {
    Settings settings = main.settings();
    List<Check> checks = new ArrayList<>();
    checks.addAll(settingChecks(settings));
    checks.addAll(modelChecks(settings));
    checks.add(corpusCheck(settings));
    logCheck(settings).ifPresent(checks::add);
    stateCheck(settings).ifPresent(checks::add);
    print(checks, spec.commandLine().getOut());
    return checks.stream().anyMatch(check -> check.status() == Status.FAIL) ? ExitCodes.FAILED : ExitCodes.OK;
  }

  private void print(List<Check> checks, PrintWriter out) throws Exception {
    if (json) {
      ObjectNode root = Json.mapper().createObjectNode();
      root.put("ok", checks.stream().noneMatch(check -> check.status() == Status.FAIL));
      ArrayNode array = root.putArray("checks");
      for (Check check : checks) {
        array.addObject().put("check", check.name()).put("status", check.status().word()).put("detail", check.detail());
      }
      out.println(Json.mapper().writeValueAsString(root));
      return;
    }
    for (Check check : checks) {
      out.printf("%-4s %-8s %s%n", check.status().word(), check.name(), check.detail());
    }
  }

  private static Map<String, String> known() {
    Map<String, String> known = new LinkedHashMap<>();
    known.put(Settings.OPENAI_API_KEY, "");
    known.put(Settings.OPENAI_BASE_URL, OpenAiConnection.DEFAULT_BASE_URL);
    known.put(Settings.OPENAI_MODEL, Settings.DEFAULT_MODEL);
    known.put(Settings.OPENAI_FINE_TUNED_MODEL, "");
    known.put(Settings.TIMEOUT_MS, String.valueOf(OpenAiConnection.DEFAULT_TIMEOUT.toMillis()));
    known.put(Settings.MAX_RETRIES, String.valueOf(OpenAiConnection.DEFAULT_MAX_RETRIES));
    known.put(Settings.MAX_CONNECTIONS, String.valueOf(OpenAiConnection.DEFAULT_MAX_CONNECTIONS));
    known.put(Settings.KEEP_ALIVE_MS, String.valueOf(OpenAiConnection.DEFAULT_KEEP_ALIVE.toMillis()));
    known.put(Settings.DEADLINE_MS, String.valueOf(Generators.DEFAULT_DEADLINE.toMillis()));
    known.put(Settings.MAX_TOKENS, String.valueOf(PromptProfile.DEFAULT_MAX_TOKENS));
    known.put(Settings.TEMPERATURE, String.valueOf(PromptProfile.DEFAULT_TEMPERATURE));
    known.put(Settings.BASE_PROMPT_FILE, "built in");
    known.put(Settings.FINETUNED_PROMPT_FILE, "built in");
    known.put(Settings.CORPUS, "builtin");
    known.put(Settings.STRATEGIES, "");
    known.put(Settings.LOG, "");
    known.put(Settings.FALLBACK, "on");
    known.put("INTERVENSI_LOG_LEVEL", "ERROR");
    known.put(ServerSettings.HOST, "");
    known.put(ServerSettings.PORT, String.valueOf(ServerSettings.DEFAULT_PORT));
    known.put(ServerSettings.API_TOKENS, "");
    known.put(ServerSettings.RATE_LIMIT, "");
    known.put(ServerSettings.CORS_ORIGINS, "");
    known.put(ServerSettings.STATE, PolicyStores.MEMORY);
    known.put(ServerSettings.STATE_TIMEOUT, String.valueOf(PolicyStores.DEFAULT_TIMEOUT.toMillis()));
    PolicySettings policy = PolicySettings.DEFAULTS;
    known.put(PolicySettings.PERSIST_MS, String.valueOf(policy.persist().toMillis()));
    known.put(PolicySettings.MIN_CONFIDENCE, String.valueOf(policy.minConfidence()));
    known.put(PolicySettings.COOLDOWN_MS, String.valueOf(policy.cooldown().toMillis()));
    known.put(PolicySettings.CLASS_RATE, String.valueOf(policy.classRate()));
    known.put(PolicySettings.OUTCOME_MS, String.valueOf(policy.outcomeWindow().toMillis()));
    known.put(PolicySettings.SESSION_MS, String.valueOf(policy.session().toMillis()));
    known.put(PolicySettings.TRIGGER_EMOTIONS, policy.triggers().stream().map(Emotion::label).sorted()
        .collect(java.util.stream.Collectors.joining(",")));
    return known;
  }

  /** One line per known setting: its value as shown (secrets masked) and where it came from. */
  static List<Check> settingChecks(Settings settings) {
    List<Check> checks = new ArrayList<>();
    for (Map.Entry<String, String> entry : KNOWN.entrySet()) {
      String name = entry.getKey();
      Optional<String> value = settings.get(name);
      String detail;
      if (value.isPresent()) {
        detail = name + "=" + shown(name, value.get()) + " (" + source(settings, name) + ")";
      } else if (!entry.getValue().isEmpty()) {
        detail = name + "=" + entry.getValue() + " (default)";
      } else {
        detail = name + " not set (default)";
      }
      checks.add(new Check("setting", Status.OK, detail));
    }
    try {
      settings.millis(Settings.TIMEOUT_MS, OpenAiConnection.DEFAULT_TIMEOUT);
      settings.intValue(Settings.MAX_RETRIES, OpenAiConnection.DEFAULT_MAX_RETRIES, 0, 10);
      settings.intValue(Settings.MAX_CONNECTIONS, OpenAiConnection.DEFAULT_MAX_CONNECTIONS, 1, 65_536);
      settings.millis(Settings.KEEP_ALIVE_MS, OpenAiConnection.DEFAULT_KEEP_ALIVE);
    } catch (SettingsException e) {
      checks.add(new Check("setting", Status.FAIL, Secrets.redact(e.getMessage()) + "; fix it in the environment or .env"));
    }
    try {
      PolicySettings.from(settings);
    } catch (RuntimeException e) {
      checks.add(new Check("setting", Status.FAIL, Secrets.redact(e.getMessage()) + "; fix it in the environment or .env"));
    }
    return checks;
  }

  /**
   * A setting's value for the output: the API key as {@code sk-...} and its last four characters
   * (or {@code set} when it is too short to hide), any other secret as {@code set}, everything
   * else with URL credentials and key-like text redacted.
   */
  static String shown(String name, String value) {
    if (name.equals(Settings.OPENAI_API_KEY)) {
      return value.startsWith("sk-") && value.length() >= 20 ? "sk-..." + value.substring(value.length() - 4) : "set";
    }
    if (Secrets.isSecretName(name)) {
      return "set";
    }
    return UntrustedText.printable(Secrets.redact(value), 120);
  }

  /**
   * Where a set value came from: the process environment when it holds the name, otherwise the
   * {@code .env} file when one was read (the environment wins over it, as {@link Settings#load} reads them).
   */
  private static String source(Settings settings, String name) {
    String environment = System.getenv(name);
    if ((environment == null || environment.isBlank()) && settings.envFile().isPresent()) {
      return ".env";
    }
    return "env";
  }

  /** The model endpoint, asked for the configured models' descriptions: only with an API key. */
  static List<Check> modelChecks(Settings settings) {
    if (!settings.hasApiKey()) {
      return List.of(new Check("model", Status.OK,
          "OPENAI_API_KEY is not set: commands generate offline from the corpus; set it to ask a model"));
    }
    OpenAiConnection connection;
    try {
      Settings probe = settings.with(Map.of(
          Settings.TIMEOUT_MS, String.valueOf(Math.min(
              settings.millis(Settings.TIMEOUT_MS, OpenAiConnection.DEFAULT_TIMEOUT).toMillis(), PROBE_TIMEOUT.toMillis())),
          Settings.MAX_RETRIES, "0"));
      connection = OpenAiConnection.fromSettings(probe);
    } catch (SettingsException e) {
      return List.of(new Check("model", Status.FAIL, "not checked: " + Secrets.redact(e.getMessage())));
    }
    List<String> models = new ArrayList<>();
    models.add(settings.get(Settings.OPENAI_MODEL, Settings.DEFAULT_MODEL));
    settings.get(Settings.OPENAI_FINE_TUNED_MODEL).ifPresent(models::add);
    List<Check> checks = new ArrayList<>();
    OpenAIClient client = connection.newClient();
    try {
      for (String model : models) {
        Check check = modelCheck(client, connection, model, settings.get(Settings.OPENAI_API_KEY).orElseThrow());
        checks.add(check);
        if (check.status() == Status.FAIL && !check.detail().contains("not found")) {
          break;
        }
      }
    } finally {
      client.close();
    }
    return checks;
  }

  private static Check modelCheck(OpenAIClient client, OpenAiConnection connection, String model, String key) {
    String at = connection.shownBaseUrl();
    String shownModel = UntrustedText.printable(model, 80);
    try {
      String id = client.models().retrieve(model).id();
      return new Check("model", Status.OK, "'" + UntrustedText.printable(id, 80) + "' is available at " + at);
    } catch (UnauthorizedException e) {
      return new Check("model", Status.FAIL, at + " refused the API key (401): check OPENAI_API_KEY");
    } catch (PermissionDeniedException e) {
      return new Check("model", Status.FAIL, at + " denied access to '" + shownModel
          + "' (403): check OPENAI_API_KEY's project and permissions");
    } catch (NotFoundException e) {
      return new Check("model", Status.FAIL, "'" + shownModel + "' not found at " + at
          + " (404): check the model name (OPENAI_MODEL, OPENAI_FINE_TUNED_MODEL) and OPENAI_BASE_URL");
    } catch (OpenAIServiceException e) {
      return new Check("model", Status.FAIL, at + " answered " + e.statusCode() + " when asked for '" + shownModel
          + "': check OPENAI_BASE_URL and the server's status");
    } catch (OpenAIIoException e) {
      return new Check("model", Status.FAIL, "cannot reach " + connection.host() + " within "
          + connection.timeout().toMillis() + " ms: check OPENAI_BASE_URL and the network");
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace(key, "[redacted]");
      return new Check("model", Status.FAIL, "asking " + at + " for '" + shownModel + "' failed: "
          + UntrustedText.printable(Secrets.redact(message), 160) + "; check OPENAI_BASE_URL");
    }
  }

  /** The corpus the offline generator and the fallback use, loaded as they load it. */
  static Check corpusCheck(Settings settings) {
    Optional<String> configured = settings.get(Settings.CORPUS).filter(value -> !value.equalsIgnoreCase("builtin"));
    try {
      ExemplarCorpus corpus = configured.map(value -> ExemplarCorpus.read(Path.of(value))).orElseGet(ExemplarCorpus::builtIn);
      if (corpus.size() == 0) {
        return new Check("corpus", Status.FAIL, "'" + corpus.name() + "' holds no exemplars: fill it or unset INTERVENSI_CORPUS");
      }
      return new Check("corpus", Status.OK, "'" + UntrustedText.printable(corpus.name(), 120) + "': " + corpus.size() + " exemplars");
    } catch (CorpusFormatException | java.io.UncheckedIOException e) {
      return new Check("corpus", Status.FAIL, UntrustedText.printable(Secrets.redact(String.valueOf(e.getMessage())), 200)
          + "; fix the file or unset INTERVENSI_CORPUS for the built-in corpus");
    }
  }

  /** The interaction log's directory, when a log is set: it must exist and be writable. Touches nothing. */
  static Optional<Check> logCheck(Settings settings) {
    Optional<Path> configured = settings.path(Settings.LOG);
    if (configured.isEmpty()) {
      return Optional.empty();
    }
    Path file = configured.get().toAbsolutePath();
    Path directory = file.getParent();
    String shownFile = UntrustedText.printable(file.toString(), 160);
    if (directory == null || !Files.isDirectory(directory)) {
      return Optional.of(new Check("log", Status.FAIL, "the directory of " + shownFile
          + " does not exist: create it or change INTERVENSI_LOG"));
    }
    if (Files.isDirectory(file)) {
      return Optional.of(new Check("log", Status.FAIL, shownFile + " is a directory: name a file in INTERVENSI_LOG"));
    }
    if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(directory)) {
      return Optional.of(new Check("log", Status.FAIL, shownFile + " cannot be written: fix the permissions or change INTERVENSI_LOG"));
    }
    return Optional.of(new Check("log", Status.OK, shownFile + (Files.exists(file) ? " exists and is writable" : " can be created")));
  }

  /** Redis, when {@code INTERVENSI_STATE} names it: one PING within a short timeout. */
  static Optional<Check> stateCheck(Settings settings) {
    Optional<String> state = settings.get(ServerSettings.STATE).filter(value -> value.toLowerCase(Locale.ROOT).startsWith("redis://"));
    if (state.isEmpty()) {
      return Optional.empty();
    }
    String shown = shown(ServerSettings.STATE, state.get());
    try (PolicyStore store = PolicyStores.open(state.get(), PROBE_TIMEOUT)) {
      if (store.available()) {
        return Optional.of(new Check("state", Status.OK, "Redis at " + shown + " answers PING"));
      }
      return Optional.of(new Check("state", Status.FAIL, "Redis at " + shown
          + " does not answer: start it, or check INTERVENSI_STATE's host, port and password"));
    } catch (IllegalArgumentException e) {
      return Optional.of(new Check("state", Status.FAIL, UntrustedText.printable(Secrets.redact(e.getMessage()), 200)));
    }
  }
}
