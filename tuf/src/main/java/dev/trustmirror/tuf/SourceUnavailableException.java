package dev.trustmirror.tuf;

import java.io.IOException;

/**
 * The source could not be read: connection refused or reset, timeout, HTTP 5xx, a repository that
 * disappeared. A transport failure, never a security refusal: the operator should look at the
 * source, not suspect an attack.
 */
public class SourceUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String location;

  public SourceUnavailableException(String location, String message, Throwable cause) {
    super("Tried to read " + location + " but failed: " + message, cause);
    this.location = location;
  }

  public SourceUnavailableException(String location, String message) {
    this(location, message, null);
  }

  /** The URL or path that could not be read. */
  public String location() {
    return location;
  }
}
