package dev.trustmirror.verifier.sigstore;

import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.text.UntrustedText;
import java.security.PublicKey;

/** A cosign simple-signing payload: the signature covers its exact bytes. */
final class CosignContent implements SignedContent {
  private final byte[] payloadBytes;
  private final SimpleSigningPayload payload;

  CosignContent(byte[] payloadBytes, SimpleSigningPayload payload) {
    this.payloadBytes = payloadBytes.clone();
    this.payload = payload;
  }

  @Override
  public boolean verifiedBy(PublicKey key, byte[] signature) {
    return Signatures.verify(key, payloadBytes, signature);
  }

  @Override
  public void checkClaims(Digest image) throws Refusal {
    if (!payload.manifestDigest().equals(image)) {
      throw new Refusal(
          RefusalCode.PAYLOAD_DIGEST_MISMATCH,
          "the signed payload is for image "
              + payload.manifestDigest()
              + ", not "
              + image
              + " (a signature copied from another image)");
    }
    if (!payload.type().equals(SimpleSigningPayload.COSIGN_TYPE)) {
      throw new Refusal(
          RefusalCode.PAYLOAD_WRONG_TYPE,
          "the signed payload's critical.type is '"
              + UntrustedText.of(payload.type())
              + "', not '"
              + SimpleSigningPayload.COSIGN_TYPE
              + "'");
    }
  }

  @Override
  public TlogEntryMatch.Expected expectedEntry(byte[] signature) {
    return new TlogEntryMatch.HashedRekord("sha256", Hashes.sha256(payloadBytes), signature);
  }
}
