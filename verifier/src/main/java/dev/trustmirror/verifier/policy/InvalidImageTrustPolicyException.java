package dev.trustmirror.verifier.policy;

import dev.trustmirror.verifier.text.UntrustedText;
import java.util.Objects;

/**
 * An {@code ImageTrustPolicy} that cannot be used: its document does not parse, breaks the CRD's
 * rules, or holds a glob, selector, key or regular expression that does not compile. Tests assert
 * {@link #rule()} and {@link #field()}, never the message; the message is what the policy's {@code
 * Ready} condition says.
 */
public final class InvalidImageTrustPolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Which rule the policy broke. */
  public enum Rule {
    /** The document is not one JSON object (syntax, duplicate member, too deep). */
    NOT_JSON,
    /** The document is larger than {@link PolicyParser#MAX_DOCUMENT_BYTES}. */
    TOO_LARGE,
    /**
     * {@code apiVersion} or {@code kind} is not {@code trust-mirror.dev/v1alpha1 ImageTrustPolicy}.
     */
    WRONG_RESOURCE,
    /** A required member is absent or null. */
    MISSING,
    /** A member has the wrong JSON type (a string where a list is expected...). */
    WRONG_TYPE,
    /** A member the CRD does not define (a typo such as {@code image} for {@code images}). */
    UNKNOWN_FIELD,
    /** A list or string that must not be empty is empty. */
    EMPTY,
    /** A list or string is longer than the CRD allows. */
    TOO_LONG,
    /** A value outside its set ({@code failurePolicy: Deny}, an unknown selector operator). */
    INVALID_VALUE,
    /** Members that exclude each other are both given ({@code keys} and {@code keyless}). */
    CONFLICT,
    /** An image glob breaks the glob grammar or can never match. */
    INVALID_GLOB,
    /** A namespace selector's label key or value is not a valid label. */
    INVALID_SELECTOR,
    /** A key is not a PEM public key of a supported algorithm. */
    INVALID_KEY,
    /** An issuer or subject regular expression does not compile. */
    INVALID_REGEX
  }

  private final Rule rule;
  private final String field;

  InvalidImageTrustPolicyException(Rule rule, String field, String why) {
    this(rule, field, why, null);
  }

  InvalidImageTrustPolicyException(Rule rule, String field, String why, Throwable cause) {
    super(
        "Tried to load the ImageTrustPolicy but failed because "
            + (field.isEmpty() ? "the document" : UntrustedText.of(field))
            + " "
            + why,
        cause);
    this.rule = Objects.requireNonNull(rule, "rule");
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The rule the policy broke. */
  public Rule rule() {
    return rule;
  }

  /**
   * Where: the member path, such as {@code spec.authorities[1].keys[0].data}; empty for the whole
   * document.
   */
  public String field() {
    return field;
  }
}
