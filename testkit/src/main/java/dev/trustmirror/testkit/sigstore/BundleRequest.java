package dev.trustmirror.testkit.sigstore;

import java.util.Optional;

/**
 * What a {@link SigstoreBundles} bundle holds. Immutable: each method returns a changed copy.
 *
 * @param bundles the producer
 * @param image the signed image
 * @param certificate the Fulcio certificate (keyless), or empty for {@code key}
 * @param key the key for a key-based bundle ({@code verificationMaterial.publicKey})
 * @param dsse a DSSE envelope with an in-toto statement instead of a {@code messageSignature}
 * @param timestamp whether to add an RFC 3161 timestamp
 * @param breakage the fault to build in
 */
public record BundleRequest(
    SigstoreBundles bundles,
    SignedImage image,
    Optional<FulcioCertificate> certificate,
    Optional<SigningKey> key,
    boolean dsse,
    boolean timestamp,
    BundleBreakage breakage) {

  /** Keyless with {@code value}. */
  public BundleRequest certificate(FulcioCertificate value) {
    return new BundleRequest(
        bundles, image, Optional.of(value), Optional.empty(), dsse, timestamp, breakage);
  }

  /** Key-based with {@code value}. */
  public BundleRequest key(SigningKey value) {
    return new BundleRequest(
        bundles, image, Optional.empty(), Optional.of(value), dsse, timestamp, breakage);
  }

  /** A DSSE envelope (or a message signature). */
  public BundleRequest dsse(boolean value) {
    return new BundleRequest(bundles, image, certificate, key, value, timestamp, breakage);
  }

  /** An RFC 3161 timestamp (or none). */
  public BundleRequest timestamp(boolean value) {
    return new BundleRequest(bundles, image, certificate, key, dsse, value, breakage);
  }

  /** Build in {@code value}. */
  public BundleRequest breakage(BundleBreakage value) {
    return new BundleRequest(bundles, image, certificate, key, dsse, timestamp, value);
  }

  /** The bundle JSON. */
  public String build() {
    return bundles.build(this);
  }
}
