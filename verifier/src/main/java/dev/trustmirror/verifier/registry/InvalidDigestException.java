package dev.trustmirror.verifier.registry;

import dev.trustmirror.verifier.text.UntrustedText;
import java.util.Objects;

/**
 * A string that is not a content digest we accept ({@code sha256:} or {@code sha512:} followed by
 * exactly 64 or 128 lowercase hexadecimal characters). Tests assert {@link #rule()}, never the
 * message.
 */
public final class InvalidDigestException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the digest was refused. */
  public enum Rule {
    /** No {@code algorithm:} prefix. */
    MISSING_ALGORITHM,
    /** An algorithm other than {@code sha256} or {@code sha512}. */
    UNSUPPORTED_ALGORITHM,
    /** The hex part has the wrong length for its algorithm. */
    WRONG_LENGTH,
    /** The hex part has a character other than {@code 0-9a-f} (uppercase included). */
    INVALID_HEX
  }

  private final Rule rule;
  private final String input;

  InvalidDigestException(Rule rule, String input, String why) {
    super("Tried to parse the digest '" + UntrustedText.of(input) + "' but failed because " + why);
    this.rule = Objects.requireNonNull(rule);
    this.input = input;
  }

  /** The rule the input broke. */
  public Rule rule() {
    return rule;
  }

  /** The refused input, as given. */
  public String input() {
    return input;
  }
}
