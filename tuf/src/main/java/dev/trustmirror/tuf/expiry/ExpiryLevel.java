package dev.trustmirror.tuf.expiry;

/**
 * How close to expiry a role (or a whole repository) is. The order is by severity; the exit codes
 * follow the monitoring-plugin convention.
 */
public enum ExpiryLevel {
  OK(0),
  WARNING(1),
  CRITICAL(2),
  EXPIRED(2);

  private final int exitCode;

  ExpiryLevel(int exitCode) {
    this.exitCode = exitCode;
  }

  /** 0 OK, 1 WARNING, 2 CRITICAL or EXPIRED. */
  public int exitCode() {
    return exitCode;
  }

  /** Lower-case name used in JSON output and metric labels. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The more severe of two levels. */
  public ExpiryLevel worst(ExpiryLevel other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
