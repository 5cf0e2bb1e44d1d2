package dev.trustmirror.tuf;

/**
 * Fewer valid signatures by authorised keys than the role's threshold (includes untrusted signers
 * and rotations the old root did not sign).
 */
public final class ThresholdNotMetException extends TufRefusalException {
  private static final long serialVersionUID = 1L;

  private final int version;
  private final String signingRole;
  private final int threshold;
  private final int validSignatures;

  public ThresholdNotMetException(
      String role, int version, String signingRole, int threshold, int validSignatures) {
    super(
        role,
        "Refused "
            + role
            + " version "
            + version
            + ": "
            + validSignatures
            + " valid signature(s) by keys of "
            + signingRole
            + ", threshold is "
            + threshold);
    this.version = version;
    this.signingRole = signingRole;
    this.threshold = threshold;
    this.validSignatures = validSignatures;
  }

  public int version() {
    return version;
  }

  /** Whose keys were required ({@code root v3}, {@code targets v14}). */
  public String signingRole() {
    return signingRole;
  }

  public int threshold() {
    return threshold;
  }

  public int validSignatures() {
    return validSignatures;
  }

  @Override
  public String reason() {
    return "ThresholdNotMet";
  }
}
