package dev.trustmirror.tuf;

/**
 * A security refusal: the source offered metadata or a target that a TUF client must not accept.
 * One subclass per rule, with typed fields; tests assert the fields, never the message.
 */
public abstract class TufRefusalException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String role;

  protected TufRefusalException(String role, String message) {
    super(message);
    this.role = role;
  }

  /** The role (or, for targets, the target path) whose file was refused. */
  public String role() {
    return role;
  }

  /** A short machine-readable reason, used as metric label and Kubernetes condition reason. */
  public abstract String reason();
}
