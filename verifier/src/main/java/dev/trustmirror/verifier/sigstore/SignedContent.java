package dev.trustmirror.verifier.sigstore;

import dev.trustmirror.verifier.registry.Digest;
import java.security.PublicKey;

/**
 * What a signature covers and what it claims, independent of its format: cosign's simple-signing
 * payload, a bundle's message signature, or a bundle's DSSE envelope.
 */
interface SignedContent {
  /** Whether {@code signature} verifies with {@code key} over this content. */
  boolean verifiedBy(PublicKey key, byte[] signature) throws Refusal;

  /** The content is about {@code image} and of the expected type. */
  void checkClaims(Digest image) throws Refusal;

  /** What a transparency-log entry for this signature must record. */
  TlogEntryMatch.Expected expectedEntry(byte[] signature);
}
