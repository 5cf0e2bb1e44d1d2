package dev.trustmirror.verifier.registry;

import java.util.Objects;

/**
 * Authentication with the registry (or its token service) failed. Tests assert {@link #rule()},
 * never the message. Messages never contain credentials or tokens.
 */
public final class RegistryAuthException extends RegistryRefusalException {
  private static final long serialVersionUID = 1L;

  /** Why authentication failed. */
  public enum Rule {
    /** The registry or token service asks for credentials and none are configured for it. */
    CREDENTIALS_REQUIRED,
    /** The configured credentials were refused. */
    CREDENTIALS_REJECTED,
    /** Authenticated, but not allowed to pull (403, or a token without the access asked for). */
    ACCESS_DENIED,
    /** The {@code WWW-Authenticate} challenge is missing or cannot be parsed, or has no realm. */
    MALFORMED_CHALLENGE,
    /** The challenge asks for a scheme other than Basic or Bearer. */
    UNSUPPORTED_CHALLENGE,
    /** The token service answered 200 with something that is not a token response. */
    MALFORMED_TOKEN_RESPONSE,
    /** The token service answered with an unexpected status (neither 200 nor 401/403). */
    TOKEN_SERVICE_REFUSED
  }

  private final Rule rule;
  private final String registry;

  RegistryAuthException(Rule rule, String registry, String location, String why) {
    this(rule, registry, location, why, null);
  }

  RegistryAuthException(Rule rule, String registry, String location, String why, Throwable cause) {
    super(
        location,
        "Tried to authenticate with the registry "
            + registry
            + " at "
            + location
            + " but failed because "
            + why,
        cause);
    this.rule = Objects.requireNonNull(rule);
    this.registry = registry;
  }

  /** Why authentication failed. */
  public Rule rule() {
    return rule;
  }

  /** The registry ({@code host[:port]}). */
  public String registry() {
    return registry;
  }

  @Override
  public String reason() {
    return "RegistryAuth";
  }
}
