package dev.trustmirror.verifier.registry;

import java.util.Objects;

/**
 * A connection that would not be secure: plain HTTP to a registry (or token service, or redirect
 * target) that is not listed as insecure, or a TLS certificate that is not trusted. The message
 * says how to allow plain HTTP ({@code --insecure-registry}) or trust the CA.
 */
public final class TransportSecurityException extends RegistryRefusalException {
  private static final long serialVersionUID = 1L;

  /** Which rule refused the connection. */
  public enum Rule {
    /**
     * Plain HTTP is needed (an {@code http://} redirect or realm, or a server that answers TLS with
     * plain HTTP) but the host is not listed as insecure.
     */
    PLAIN_HTTP_NOT_ALLOWED,
    /** The server's TLS certificate does not chain to a trusted CA or does not name the host. */
    UNTRUSTED_CERTIFICATE
  }

  private final Rule rule;
  private final String host;

  TransportSecurityException(Rule rule, String host, String location, String why, Throwable cause) {
    super(location, why, cause);
    this.rule = Objects.requireNonNull(rule);
    this.host = host;
  }

  /** Which rule refused the connection. */
  public Rule rule() {
    return rule;
  }

  /** The host ({@code host[:port]}) the connection was for. */
  public String host() {
    return host;
  }

  @Override
  public String reason() {
    return rule == Rule.PLAIN_HTTP_NOT_ALLOWED ? "PlainHttpNotAllowed" : "UntrustedCertificate";
  }
}
