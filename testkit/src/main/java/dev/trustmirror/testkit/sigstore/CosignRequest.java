package dev.trustmirror.testkit.sigstore;

import java.util.Optional;

/**
 * What to sign and how, for {@link CosignSignatures}. Immutable: each method returns a changed
 * copy.
 *
 * @param signatures the producer
 * @param image the image
 * @param key the key for key-based signing
 * @param certificate the Fulcio certificate for keyless signing (its key signs)
 * @param transparencyLog whether to log in Rekor and add the bundle annotation
 * @param timestamp whether to add an RFC 3161 timestamp annotation
 * @param breakage the fault to build in
 */
public record CosignRequest(
    CosignSignatures signatures,
    SignedImage image,
    Optional<SigningKey> key,
    Optional<FulcioCertificate> certificate,
    boolean transparencyLog,
    boolean timestamp,
    CosignBreakage breakage) {

  /** Key-based: sign with {@code value}. */
  public CosignRequest key(SigningKey value) {
    return new CosignRequest(
        signatures,
        image,
        Optional.of(value),
        Optional.empty(),
        transparencyLog,
        timestamp,
        breakage);
  }

  /** Keyless: sign with {@code value}'s key and attach the certificate and chain. */
  public CosignRequest certificate(FulcioCertificate value) {
    return new CosignRequest(
        signatures,
        image,
        Optional.empty(),
        Optional.of(value),
        transparencyLog,
        timestamp,
        breakage);
  }

  /** Log in Rekor (or not). */
  public CosignRequest transparencyLog(boolean value) {
    return new CosignRequest(signatures, image, key, certificate, value, timestamp, breakage);
  }

  /** Add an RFC 3161 timestamp (or not). */
  public CosignRequest timestamp(boolean value) {
    return new CosignRequest(signatures, image, key, certificate, transparencyLog, value, breakage);
  }

  /** Build in {@code value}. */
  public CosignRequest breakage(CosignBreakage value) {
    return new CosignRequest(
        signatures, image, key, certificate, transparencyLog, timestamp, value);
  }

  /** Produces the layer. */
  public SignatureLayer sign() {
    return signatures.sign(this);
  }
}
