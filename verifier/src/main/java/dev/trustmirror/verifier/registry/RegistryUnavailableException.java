package dev.trustmirror.verifier.registry;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * The registry could not be reached or did not answer usefully: connection refused or reset,
 * timeout, HTTP 5xx or 429 after the bounded retries. A transport failure, never a security
 * refusal: the operator should look at the registry, not suspect an attack.
 */
public class RegistryUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String location;
  private final int status;

  RegistryUnavailableException(String location, int status, String message, Throwable cause) {
    super(message, cause);
    this.location = location;
    this.status = status;
  }

  /** The URL that could not be read. */
  public String location() {
    return location;
  }

  /** The last HTTP status received, when the failure was an HTTP status (5xx, 429). */
  public OptionalInt status() {
    return status > 0 ? OptionalInt.of(status) : OptionalInt.empty();
  }
}
