package dev.trustmirror.verifier.trust;

import java.util.Objects;

/**
 * A {@code trusted_root.json} that cannot be used: too large, not the Sigstore format, or absent
 * from the repository it should come from. Tests assert {@link #rule()} and {@link #origin()},
 * never the message.
 */
public final class TrustedRootRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the trusted root was refused. */
  public enum Rule {
    /** Larger than {@link TrustedRoot#MAX_BYTES}. */
    TOO_LARGE,
    /**
     * Not JSON, or not the {@code dev.sigstore.trustedroot} format, or a key or certificate in it
     * does not decode.
     */
    MALFORMED,
    /** No Fulcio CA and no transparency log: nothing could ever verify against it. */
    EMPTY,
    /** The verified repository has no target of that name. */
    TARGET_MISSING
  }

  private final Rule rule;
  private final String origin;

  TrustedRootRefusedException(Rule rule, String origin, String why, Throwable cause) {
    super("Tried to load the trusted root from " + origin + " but failed because " + why, cause);
    this.rule = Objects.requireNonNull(rule);
    this.origin = Objects.requireNonNull(origin);
  }

  /** The rule the trusted root broke. */
  public Rule rule() {
    return rule;
  }

  /** Where the trusted root came from: a file path, or a repository and target name. */
  public String origin() {
    return origin;
  }
}
