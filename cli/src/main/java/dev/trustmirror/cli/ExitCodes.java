package dev.trustmirror.cli;

/** Documented exit codes of every command (status has its own, see {@link StatusCommand}). */
final class ExitCodes {
  static final int OK = 0;
  static final int REFUSED = 1;
  static final int USAGE = 2;
  static final int IO = 3;

  private ExitCodes() {}
}
