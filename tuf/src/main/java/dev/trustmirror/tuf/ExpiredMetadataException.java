package dev.trustmirror.tuf;

/** TUF 5.3.10/5.4.4/5.5.6/5.6.4: a role expired before the time of the update (freeze attack). */
public final class ExpiredMetadataException extends TufRefusalException {
  private static final long serialVersionUID = 1L;

  private final int version;
  private final java.time.Instant expires;
  private final java.time.Instant now;

  public ExpiredMetadataException(
      String role, int version, java.time.Instant expires, java.time.Instant now) {
    super(
        role,
        "Refused "
            + role
            + " version "
            + version
            + ": it expired at "
            + expires
            + ", now is "
            + now);
    this.version = version;
    this.expires = expires;
    this.now = now;
  }

  public int version() {
    return version;
  }

  public java.time.Instant expires() {
    return expires;
  }

  public java.time.Instant now() {
    return now;
  }

  @Override
  public String reason() {
    return "Expired";
  }
}
