package dev.trustmirror.cli;

import dev.trustmirror.tuf.SourceUnavailableException;
import dev.trustmirror.tuf.TufRefusalException;
import java.io.PrintWriter;

/**
 * The one way commands report a failed operation: a security refusal (exit 1), an unavailable
 * source (exit 3, never dressed up as a refusal) or another I/O failure (exit 3).
 */
final class FailureReport {
  private FailureReport() {}

  /**
   * Prints one line saying what failed and why, plus what was left as it was.
   *
   * @param where where the input came from, e.g. {@code [source: URL]}
   * @param unchanged what the failure did not touch, e.g. "No bundle was written."
   * @return the exit code
   */
  static int print(PrintWriter err, Exception e, String where, String unchanged) {
    if (e instanceof TufRefusalException r) {
      err.println("REFUSED (" + r.reason() + "): " + r.getMessage() + " " + where);
      err.println(unchanged);
      return ExitCodes.REFUSED;
    }
    if (e instanceof SourceUnavailableException) {
      err.println("UNAVAILABLE: " + e.getMessage());
      err.println(unchanged);
      return ExitCodes.IO;
    }
    err.println("FAILED: " + e.getMessage());
    return ExitCodes.IO;
  }
}
