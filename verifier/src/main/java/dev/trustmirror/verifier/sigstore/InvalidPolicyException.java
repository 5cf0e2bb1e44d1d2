package dev.trustmirror.verifier.sigstore;

import java.util.Objects;

/**
 * A verification policy that cannot be used: a key that is not a PEM public key of a supported
 * algorithm, or a regular expression that does not compile. Tests assert {@link #rule()}, never the
 * message.
 */
public final class InvalidPolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the policy was refused. */
  public enum Rule {
    /** The key file is not one PEM {@code PUBLIC KEY} block. */
    KEY_NOT_PEM,
    /** The key is not ECDSA P-256/P-384/P-521, RSA (2048 bits or more) or Ed25519. */
    KEY_UNSUPPORTED,
    /** An identity's regular expression does not compile. */
    INVALID_REGEX
  }

  private final Rule rule;

  InvalidPolicyException(Rule rule, String message, Throwable cause) {
    super(message, cause);
    this.rule = Objects.requireNonNull(rule);
  }

  /** The rule the policy broke. */
  public Rule rule() {
    return rule;
  }
}
