package dev.trustmirror.verifier.sigstore;

import java.util.Objects;

/**
 * A signature, its payload, one of its annotations or a Sigstore bundle does not parse. Tests
 * assert {@link #part()}, {@link #rule()} and {@link #field()}, never the message.
 */
public final class MalformedSignatureException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Which input was malformed. */
  public enum Part {
    /** The simple-signing payload (the layer blob). */
    PAYLOAD,
    /** The {@code dev.cosignproject.cosign/signature} annotation. */
    SIGNATURE,
    /** The {@code dev.sigstore.cosign/certificate} annotation. */
    CERTIFICATE,
    /** The {@code dev.sigstore.cosign/chain} annotation. */
    CHAIN,
    /** The {@code dev.sigstore.cosign/bundle} annotation (Rekor SET and entry). */
    REKOR_BUNDLE,
    /** The {@code dev.sigstore.cosign/rfc3161timestamp} annotation. */
    TIMESTAMP,
    /** A Sigstore bundle document. */
    SIGSTORE_BUNDLE,
    /** The body of a transparency-log entry. */
    TLOG_ENTRY_BODY,
    /** The in-toto statement in a DSSE envelope. */
    IN_TOTO_STATEMENT
  }

  /** What was wrong with it. */
  public enum Rule {
    /** A required member or annotation is absent (or null). */
    MISSING,
    /** The input is larger than accepted. */
    TOO_LARGE,
    /** Not one JSON document (syntax, duplicate member, trailing data, too deep). */
    NOT_JSON,
    /** A member has the wrong JSON type (an object where a string belongs...). */
    WRONG_TYPE,
    /**
     * A member the format does not define (bundles only: as protobuf's JSON parsers do by default,
     * nothing is silently ignored).
     */
    UNKNOWN_MEMBER,
    /** A value that must be base64 is not. */
    NOT_BASE64,
    /** A value that must be hexadecimal is not. */
    NOT_HEX,
    /** Not PEM, or not the PEM block expected. */
    NOT_PEM,
    /** A certificate does not decode as X.509. */
    NOT_A_CERTIFICATE,
    /** A digest that is not {@code sha256:<hex>} or {@code sha512:<hex>}. */
    INVALID_DIGEST,
    /** A media type, kind, version or algorithm this verifier does not know. */
    UNSUPPORTED,
    /** A value outside its range (negative index, empty signature...). */
    INVALID_VALUE
  }

  private final Part part;
  private final Rule rule;
  private final String field;

  MalformedSignatureException(Part part, Rule rule, String field, String why) {
    this(part, rule, field, why, null);
  }

  MalformedSignatureException(Part part, Rule rule, String field, String why, Throwable cause) {
    super(
        "Tried to parse "
            + describe(part)
            + (field.isEmpty() ? "" : " (" + field + ")")
            + " but failed because "
            + why,
        cause);
    this.part = Objects.requireNonNull(part);
    this.rule = Objects.requireNonNull(rule);
    this.field = Objects.requireNonNull(field);
  }

  /** Which input was malformed. */
  public Part part() {
    return part;
  }

  /** What was wrong with it. */
  public Rule rule() {
    return rule;
  }

  /** The member path inside the input ({@code critical.image.docker-manifest-digest}), or "". */
  public String field() {
    return field;
  }

  private static String describe(Part part) {
    return switch (part) {
      case PAYLOAD -> "the simple-signing payload";
      case SIGNATURE -> "the signature annotation";
      case CERTIFICATE -> "the certificate annotation";
      case CHAIN -> "the certificate chain annotation";
      case REKOR_BUNDLE -> "the Rekor bundle annotation";
      case TIMESTAMP -> "the RFC 3161 timestamp annotation";
      case SIGSTORE_BUNDLE -> "the Sigstore bundle";
      case TLOG_ENTRY_BODY -> "the transparency-log entry body";
      case IN_TOTO_STATEMENT -> "the in-toto statement";
    };
  }
}
