package dev.trustmirror.verifier.registry;

/**
 * The registry answered, and what it answered is refused: missing or rejected credentials, content
 * that does not match its digest, is too large or malformed, an unknown tag or digest, an insecure
 * transport. Never a transport failure (that is {@link RegistryUnavailableException}). One subclass
 * per kind of refusal, with typed fields; tests assert the fields, never the message.
 */
public abstract class RegistryRefusalException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String location;

  RegistryRefusalException(String location, String message, Throwable cause) {
    super(message, cause);
    this.location = location;
  }

  /** Where the refused answer came from: a URL, or a registry ({@code host[:port]}). */
  public String location() {
    return location;
  }

  /** A short machine-readable reason ({@code DigestMismatch}), for metrics and verdict reasons. */
  public abstract String reason();
}
