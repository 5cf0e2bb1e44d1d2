package dev.trustmirror.tuf;

/** TUF 5.3.5/5.4.3/5.5.5: a role's version went below the version already trusted. */
public final class RollbackException extends TufRefusalException {
  private static final long serialVersionUID = 1L;

  private final int trustedVersion;
  private final int foundVersion;

  public RollbackException(String role, int trustedVersion, int foundVersion) {
    super(
        role,
        "Refused "
            + role
            + " version "
            + foundVersion
            + ": version "
            + trustedVersion
            + " is already trusted (rollback)");
    this.trustedVersion = trustedVersion;
    this.foundVersion = foundVersion;
  }

  public int trustedVersion() {
    return trustedVersion;
  }

  public int foundVersion() {
    return foundVersion;
  }

  @Override
  public String reason() {
    return "Rollback";
  }
}
