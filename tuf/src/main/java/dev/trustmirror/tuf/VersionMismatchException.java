package dev.trustmirror.tuf;

/**
 * A role whose version differs from the one its referring role names (mix-and-match), or a root
 * file whose version is not the one its name promised.
 */
public final class VersionMismatchException extends TufRefusalException {
  private static final long serialVersionUID = 1L;

  private final int expectedVersion;
  private final int foundVersion;

  public VersionMismatchException(String role, int expectedVersion, int foundVersion) {
    super(
        role,
        "Refused " + role + ": version " + foundVersion + " found, expected " + expectedVersion);
    this.expectedVersion = expectedVersion;
    this.foundVersion = foundVersion;
  }

  public int expectedVersion() {
    return expectedVersion;
  }

  public int foundVersion() {
    return foundVersion;
  }

  @Override
  public String reason() {
    return "VersionMismatch";
  }
}
