package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.emodu.intervention.core.Settings;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code intervensi} command line. A thin adapter: it parses arguments, calls the library
 * modules and turns their exceptions into messages and exit codes (see {@link ExitCodes}).
 */
@Command(
    name = "intervensi",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Affective interventions for students in live online classes.")
public final class Main {

  /** The width of the help when the terminal's is unknown (a pipe, a file). */
  static final int HELP_WIDTH = 100;

  /**
   * The commands, in the order help lists them. They are added in code rather than named in
   * {@code @Command}, so that a run of one command builds picocli's model of that command alone:
   * reading the annotations of all of them was a third of the server's start-up.
   */
  private static final Map<String, Class<?>> COMMANDS = commands();

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> commands = new LinkedHashMap<>();
    commands.put("generate", GenerateCommand.class);
    commands.put("serve", ServeCommand.class);
    commands.put("finetune", FinetuneCommand.class);
    commands.put("dataset", DatasetCommand.class);
    commands.put("evaluate", EvaluateCommand.class);
    commands.put("experiment", ExperimentCommand.class);
    commands.put("doctor", DoctorCommand.class);
    commands.put("cds-archive", CdsArchiveCommand.class);
    commands.put("generate-completion", AutoComplete.GenerateCompletion.class);
    commands.put("help", CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(commands);
  }

  private final Supplier<Settings> settings;
  private Settings loaded;

  Main(Supplier<Settings> settings) {
    this.settings = settings;
  }

  /** The settings, read once on first use: environment over {@code ./.env}. */
  Settings settings() {
    if (loaded == null) {
      loaded = settings.get();
    }
    return loaded;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(args, out, err, Settings::load));
  }

  /** Runs a command line and returns its exit code; what {@link #main} does, without exiting. */
  static int run(String[] args, PrintWriter out, PrintWriter err, Supplier<Settings> settings) {
    CommandLine commandLine = commandLine(new Main(settings), CommandLine.defaultFactory(), args);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(new Failures());
    commandLine.setParameterExceptionHandler(Failures::parameterError);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    // picocli wraps every description to the terminal's width (100 columns when it cannot tell).
    commandLine.setUsageHelpWidth(HELP_WIDTH);
    commandLine.setUsageHelpAutoWidth(true);
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The whole command line: every command. */
  static CommandLine commandLine(Main main, CommandLine.IFactory factory) {
    return commandLine(main, factory, new String[0]);
  }

  /**
   * The command line for these arguments: when the first names a command, that command alone
   * (its help and errors are the same); otherwise every command, for the overview, {@code help},
   * the completion script and the suggestions for a mistyped command.
   */
  static CommandLine commandLine(Main main, CommandLine.IFactory factory, String[] args) {
    CommandLine commandLine = new CommandLine(main, factory);
    String first = args.length > 0 ? args[0] : "";
    boolean one = COMMANDS.containsKey(first) && !first.equals("help") && !first.equals("generate-completion");
    COMMANDS.forEach((name, type) -> {
      if (!one || name.equals(first)) {
        commandLine.addSubcommand(name, type);
      }
    });
    if (!one) {
      // picocli hides its completion command by default; it is listed here so that users find it.
      commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    }
    return commandLine;
  }

  /**
   * What {@code --version} prints: the toolkit's version, from the {@code Implementation-Version} of
   * the command line's jar, and the Java runtime that runs it. Classes run outside a jar (an IDE,
   * the unit tests) have no version and say so.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "intervensi " + (version == null ? "(development build)" : version),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")"
      };
    }
  }
}
