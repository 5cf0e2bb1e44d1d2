package dev.trustmirror.verifier.registry;

/**
 * The registry answered with a status the call does not expect (400, 405, a redirect without {@code
 * Location}, too many redirects...): a protocol error, neither a transport failure nor a known
 * refusal.
 */
public final class UnexpectedResponseException extends RegistryRefusalException {
  private static final long serialVersionUID = 1L;
  private final int status;

  UnexpectedResponseException(String location, int status, String what, String detail) {
    super(
        location,
        "Tried to "
            + what
            + " at "
            + location
            + " but the registry answered HTTP "
            + status
            + (detail.isEmpty() ? "" : ": " + detail),
        null);
    this.status = status;
  }

  /** The HTTP status received. */
  public int status() {
    return status;
  }

  @Override
  public String reason() {
    return "UnexpectedResponse";
  }
}
