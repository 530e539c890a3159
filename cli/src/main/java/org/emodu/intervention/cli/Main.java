package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
    description = "Affective interventions for students in live online classes.",
    subcommands = {GenerateCommand.class, ServeCommand.class, FinetuneCommand.class, DatasetCommand.class, EvaluateCommand.class, ExperimentCommand.class, DoctorCommand.class, CdsArchiveCommand.class,
        AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class Main {

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
    CommandLine commandLine = new CommandLine(new Main(settings));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(new Failures());
    commandLine.setParameterExceptionHandler(Failures::parameterError);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    // picocli hides its completion command by default; it is listed here so that users find it.
    commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
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
