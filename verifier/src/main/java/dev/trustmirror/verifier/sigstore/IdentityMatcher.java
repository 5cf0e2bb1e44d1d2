package dev.trustmirror.verifier.sigstore;

import dev.trustmirror.verifier.text.UntrustedText;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a keyless identity's issuer or subject must read: exactly a string ({@code
 * --certificate-identity}), or fully matching a regular expression ({@code
 * --certificate-identity-regexp}; the whole value must match, as Go's anchored matching in cosign).
 */
public final class IdentityMatcher {
  private final String text;
  private final Pattern pattern;

  private IdentityMatcher(String text, Pattern pattern) {
    this.text = text;
    this.pattern = pattern;
  }

  /** Matches exactly {@code value}. */
  public static IdentityMatcher exact(String value) {
    return new IdentityMatcher(Objects.requireNonNull(value, "value"), null);
  }

  /**
   * Matches values that the regular expression matches entirely.
   *
   * @throws InvalidPolicyException when it does not compile
   */
  public static IdentityMatcher regexp(String regex) throws InvalidPolicyException {
    Objects.requireNonNull(regex, "regex");
    try {
      return new IdentityMatcher(regex, Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      throw new InvalidPolicyException(
          InvalidPolicyException.Rule.INVALID_REGEX,
          "Tried to compile the identity pattern '"
              + UntrustedText.of(regex)
              + "' but failed because "
              + e.getDescription(),
          e);
    }
  }

  /** Whether {@code value} matches. */
  public boolean matches(String value) {
    return pattern == null ? text.equals(value) : pattern.matcher(value).matches();
  }

  /** Whether this is a regular expression. */
  public boolean isRegexp() {
    return pattern != null;
  }

  /** The exact value or the regular expression. */
  public String text() {
    return text;
  }

  /** {@code name=value} for an exact match, {@code name~value} for a regular expression. */
  String describe(String name) {
    return name + (pattern == null ? "=" : "~") + text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityMatcher other
        && text.equals(other.text)
        && isRegexp() == other.isRegexp();
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, isRegexp());
  }

  @Override
  public String toString() {
    return (pattern == null ? "exact:" : "regexp:") + text;
  }
}
