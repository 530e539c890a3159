package org.emodu.intervention.cli;

/** The command line's exit codes. */
final class ExitCodes {

  /** Done as asked. */
  static final int OK = 0;
  /** The work failed: a model error, an unreadable or unwritable file. */
  static final int FAILED = 1;
  /** The command was asked wrongly: bad options, bad field values, missing settings. */
  static final int USAGE = 2;
  /** A fault of the toolkit itself; the message asks for a report. */
  static final int INTERNAL = 70;

  private ExitCodes() {}
}
