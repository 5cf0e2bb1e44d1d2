package dev.trustmirror.verifier.sigstore;

import java.util.Map;
import java.util.Objects;

/**
 * One layer of a cosign signature manifest ({@code <repo>:sha256-<hex>.sig}) as read from a
 * registry, not yet parsed: the blob (the simple-signing payload, the exact bytes that were signed)
 * and the layer's annotations.
 *
 * @param payload the layer blob
 * @param annotations the layer annotations
 */
public record CosignLayer(byte[] payload, Map<String, String> annotations) {
  /** Media type of the layer. */
  public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";

  /** Base64 of the signature over the payload. */
  public static final String SIGNATURE = "dev.cosignproject.cosign/signature";

  /** PEM of the signing certificate (keyless). */
  public static final String CERTIFICATE = "dev.sigstore.cosign/certificate";

  /** PEM of the certificate chain (keyless). */
  public static final String CHAIN = "dev.sigstore.cosign/chain";

  /** JSON of the Rekor entry and its SET. */
  public static final String BUNDLE = "dev.sigstore.cosign/bundle";

  /** JSON {@code {"SignedRFC3161Timestamp": base64}} of an RFC 3161 timestamp response. */
  public static final String RFC3161_TIMESTAMP = "dev.sigstore.cosign/rfc3161timestamp";

  /** Copies the payload and the annotations. */
  public CosignLayer {
    payload = Objects.requireNonNull(payload, "payload").clone();
    annotations = Map.copyOf(annotations);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }
}
