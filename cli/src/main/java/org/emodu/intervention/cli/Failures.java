package org.emodu.intervention.cli;

import java.io.UncheckedIOException;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.Secrets;
import org.emodu.intervention.core.SettingsException;
import picocli.CommandLine;

/**
 * Turns exceptions into one-line messages on stderr and exit codes: bad input and settings exit
 * {@value ExitCodes#USAGE}, failed work {@value ExitCodes#FAILED}. No stack trace reaches the user
 * unless {@code INTERVENSI_DEBUG} is set, and no message carries a key.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception error, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    var err = commandLine.getErr();
    int code = exitCode(error);
    err.println("intervensi: " + (code == ExitCodes.INTERNAL ? "unexpected error: " : "") + message(error));
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

  static String message(Throwable error) {
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      message = error.getClass().getSimpleName();
    }
    return Secrets.redact(message);
  }
}
