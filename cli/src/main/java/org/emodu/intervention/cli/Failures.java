package org.emodu.intervention.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.SettingsException;
import org.emodu.intervention.core.internal.Secrets;
import org.emodu.intervention.core.tools.IllegalParameterException;
import org.emodu.intervention.core.tools.OutputExistsException;
import org.emodu.intervention.dataset.MissingColumnsException;
import org.emodu.intervention.evaluation.experiment.MissingSummaryException;
import org.emodu.intervention.finetune.InvalidTrainingFileException;
import org.emodu.intervention.server.PortUnavailableException;
import org.emodu.intervention.server.ServerSettings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Turns exceptions into one-line messages on stderr and exit codes: bad input and settings exit
 * {@value ExitCodes#USAGE}, failed work {@value ExitCodes#FAILED}, and so does an input file that is
 * not there, named the same way by every command ({@code cannot read FILE: no such file}). No stack trace reaches the user
 * unless {@code INTERVENSI_DEBUG} is set, and no message carries a key.
 *
 * <p>The libraries name their own parameters and methods, never this command line's options; this is
 * where their messages get the command line's words: a parameter becomes the option that sets it
 * (see {@link OptionNames}), and advice on an existing output, a taken port, unmapped CSV columns or
 * a missing experiment names the option or command that does it.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception error, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    var err = commandLine.getErr();
    int code = exitCode(error);
    err.println("intervensi: " + (code == ExitCodes.INTERNAL ? "unexpected error: " : "") + message(error, commandLine.getCommandSpec()));
    if (code == ExitCodes.INTERNAL) {
      err.println("intervensi: this is a fault of the toolkit; please report it with the command you ran"
          + " (set INTERVENSI_DEBUG=1 to see where it happened)");
    }
    if (System.getenv("INTERVENSI_DEBUG") != null) {
      error.printStackTrace(err);
    }
    return code;
  }

  static int parameterError(CommandLine.ParameterException error, String[] args) {
    CommandLine commandLine = error.getCommandLine();
    var err = commandLine.getErr();
    err.println("intervensi: " + Secrets.redact(error.getMessage()));
    err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for the options.");
    return ExitCodes.USAGE;
  }

  static int exitCode(Throwable error) {
    if (missingFile(error) != null) {
      return ExitCodes.FAILED;
    }
    if (error instanceof ModelException) {
      return ExitCodes.FAILED;
    }
    if (error instanceof SettingsException || error instanceof IllegalArgumentException) {
      return ExitCodes.USAGE;
    }
    if (error instanceof UncheckedIOException || error instanceof java.io.IOException) {
      return ExitCodes.FAILED;
    }
    return ExitCodes.INTERNAL;
  }

  /** The error's message in the command line's words, for a failure while {@code command} ran. */
  static String message(Throwable error, CommandSpec command) {
    String message = reworded(error, command);
    if (message == null || message.isBlank()) {
      message = error.getClass().getSimpleName();
    }
    return Secrets.redact(message);
  }

  /**
   * The file a failure found missing: an input that is not there fails the same way in every command,
   * {@code cannot read FILE: no such file}, exit {@value ExitCodes#FAILED}.
   */
  static Path missingFile(Throwable error) {
    if (error instanceof InvalidTrainingFileException e && !Files.exists(e.file())) {
      return e.file();
    }
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof NoSuchFileException e && e.getFile() != null) {
        return Path.of(e.getFile());
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  private static String reworded(Throwable error, CommandSpec command) {
    Path missing = missingFile(error);
    if (missing != null) {
      String message = String.valueOf(error.getMessage());
      return (message.startsWith("cannot write") ? "cannot write " + missing + ": no such directory"
          : "cannot read " + missing + ": no such file");
    }
    if (error instanceof IllegalParameterException e) {
      return OptionNames.option(command, e.parameter()).orElse(e.parameter()) + " " + e.problem();
    }
    if (error instanceof OutputExistsException e && OptionNames.option(command, "force").isPresent()) {
      return "already exists: " + e.path() + " (use --force to replace it)";
    }
    if (error instanceof PortUnavailableException e && OptionNames.option(command, "port").isPresent()) {
      return e.problem() + "; choose another with --port or " + ServerSettings.PORT;
    }
    if (error instanceof MissingColumnsException e && OptionNames.option(command, "map").isPresent()) {
      return e.problem() + "; name them with --map FIELD=COLUMN (for example --map text=\"Kalimat Motivasi\")";
    }
    if (error instanceof MissingSummaryException e) {
      return e.problem() + "; run: intervensi experiment run --out " + e.directory();
    }
    if (error instanceof InvalidTrainingFileException e) {
      return e.getMessage() + "\n" + trainingFileAdvice(e);
    }
    return error.getMessage();
  }

  /** The command that helps with a refused training file: one that builds it when it has no content, else the validator. */
  private static String trainingFileAdvice(InvalidTrainingFileException error) {
    boolean empty;
    try {
      empty = !Files.isRegularFile(error.file()) || Files.size(error.file()) == 0;
    } catch (IOException e) {
      empty = false;
    }
    return empty ? "build it with: intervensi dataset build"
        : "see every problem with: intervensi dataset validate " + error.file();
  }
}
