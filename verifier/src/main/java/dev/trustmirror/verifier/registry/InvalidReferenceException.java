package dev.trustmirror.verifier.registry;

import dev.trustmirror.verifier.text.UntrustedText;
import java.util.Objects;
import java.util.Optional;

/**
 * An image reference, repository name or tag that does not follow the docker reference grammar.
 * Tests assert {@link #rule()} (and {@link #digestRule()}), never the message.
 */
public final class InvalidReferenceException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Which part of the grammar the input broke. */
  public enum Rule {
    /** The input is empty. */
    EMPTY,
    /** The name (registry and repository path) is longer than 255 characters. */
    NAME_TOO_LONG,
    /**
     * The registry part is not {@code host[:port]} (DNS labels or an IPv4 address, port 1-65535).
     */
    INVALID_REGISTRY,
    /** The repository path has an empty component or characters outside {@code [a-z0-9._-]}. */
    INVALID_PATH,
    /** The repository path has uppercase letters (repository names are lowercase). */
    UPPERCASE_REPOSITORY,
    /** The tag is not {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}. */
    INVALID_TAG,
    /** The part after {@code @} is not a digest; see {@link #digestRule()}. */
    INVALID_DIGEST
  }

  private final Rule rule;
  private final String input;
  private final InvalidDigestException.Rule digestRule;

  InvalidReferenceException(Rule rule, String input, String why) {
    this(rule, input, why, null);
  }

  InvalidReferenceException(Rule rule, String input, String why, InvalidDigestException cause) {
    super(
        "Tried to parse the image reference '"
            + UntrustedText.of(input)
            + "' but failed because "
            + why,
        cause);
    this.rule = Objects.requireNonNull(rule);
    this.input = input;
    this.digestRule = cause == null ? null : cause.rule();
  }

  /** The rule the input broke. */
  public Rule rule() {
    return rule;
  }

  /** The refused input, as given. */
  public String input() {
    return input;
  }

  /** For {@link Rule#INVALID_DIGEST}, why the digest was refused. */
  public Optional<InvalidDigestException.Rule> digestRule() {
    return Optional.ofNullable(digestRule);
  }
}
