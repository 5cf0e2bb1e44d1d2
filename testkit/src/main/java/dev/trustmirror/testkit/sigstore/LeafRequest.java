package dev.trustmirror.testkit.sigstore;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link TestFulcio} puts in a code-signing leaf certificate. Start from {@link
 * #of(Identity, String)} and change one thing at a time with the {@code with*} methods.
 *
 * @param identity the Subject Alternative Name
 * @param oidcIssuer the OIDC issuer URL written in the issuer extensions
 * @param issuerExtensions which issuer extensions to write
 * @param notBefore start of validity; empty means the Fulcio's clock
 * @param validity length of validity (Fulcio: 10 minutes)
 * @param sct the SCT list to embed
 * @param keyAlgorithm the ephemeral signing key's algorithm
 * @param extraExtensions more Fulcio extensions (OID to value, written as DER UTF8String like the
 *     1.3.6.1.4.1.57264.1.8+ family), in order
 */
public record LeafRequest(
    Identity identity,
    String oidcIssuer,
    IssuerExtensions issuerExtensions,
    Optional<Instant> notBefore,
    Duration validity,
    SctMode sct,
    KeyAlgorithm keyAlgorithm,
    Map<String, String> extraExtensions) {

  /** Fulcio's certificate lifetime. */
  public static final Duration FULCIO_VALIDITY = Duration.ofMinutes(10);

  /** Copies the extension map, keeping its order. */
  public LeafRequest {
    extraExtensions = Collections.unmodifiableMap(new LinkedHashMap<>(extraExtensions));
  }

  /**
   * A request like Fulcio's: both issuer extensions, valid for 10 minutes from the clock, one
   * embedded SCT, an ECDSA P-256 key.
   */
  public static LeafRequest of(Identity identity, String oidcIssuer) {
    return new LeafRequest(
        identity,
        oidcIssuer,
        IssuerExtensions.BOTH,
        Optional.empty(),
        FULCIO_VALIDITY,
        SctMode.EMBEDDED,
        KeyAlgorithm.ECDSA_P256,
        Map.of());
  }

  /** The same request with another identity. */
  public LeafRequest withIdentity(Identity value) {
    return new LeafRequest(
        value,
        oidcIssuer,
        issuerExtensions,
        notBefore,
        validity,
        sct,
        keyAlgorithm,
        extraExtensions);
  }

  /** The same request with another OIDC issuer. */
  public LeafRequest withOidcIssuer(String value) {
    return new LeafRequest(
        identity, value, issuerExtensions, notBefore, validity, sct, keyAlgorithm, extraExtensions);
  }

  /** The same request with other issuer extensions. */
  public LeafRequest withIssuerExtensions(IssuerExtensions value) {
    return new LeafRequest(
        identity, oidcIssuer, value, notBefore, validity, sct, keyAlgorithm, extraExtensions);
  }

  /** The same request valid from {@code value}. */
  public LeafRequest withNotBefore(Instant value) {
    return new LeafRequest(
        identity,
        oidcIssuer,
        issuerExtensions,
        Optional.of(value),
        validity,
        sct,
        keyAlgorithm,
        extraExtensions);
  }

  /** The same request valid for {@code value}. */
  public LeafRequest withValidity(Duration value) {
    return new LeafRequest(
        identity,
        oidcIssuer,
        issuerExtensions,
        notBefore,
        value,
        sct,
        keyAlgorithm,
        extraExtensions);
  }

  /** The same request with another SCT mode. */
  public LeafRequest withSct(SctMode value) {
    return new LeafRequest(
        identity,
        oidcIssuer,
        issuerExtensions,
        notBefore,
        validity,
        value,
        keyAlgorithm,
        extraExtensions);
  }

  /** The same request for a key of {@code value}. */
  public LeafRequest withKeyAlgorithm(KeyAlgorithm value) {
    return new LeafRequest(
        identity, oidcIssuer, issuerExtensions, notBefore, validity, sct, value, extraExtensions);
  }

  /** The same request with one more DER UTF8String extension. */
  public LeafRequest withExtension(String oid, String value) {
    var extensions = new LinkedHashMap<>(extraExtensions);
    extensions.put(oid, value);
    return new LeafRequest(
        identity, oidcIssuer, issuerExtensions, notBefore, validity, sct, keyAlgorithm, extensions);
  }
}
