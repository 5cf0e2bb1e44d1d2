package dev.trustmirror.verifier.sigstore;

import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.text.UntrustedText;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Optional;

/**
 * A bundle's message signature: a signature over an artifact, recorded with the artifact's digest.
 * With the artifact's bytes (verify-bundle of a file) the signature is checked over them; with only
 * its digest (an image) over the digest (ECDSA and RSA; Ed25519 needs the bytes).
 */
final class MessageContent implements SignedContent {
  private static final String SHA2_256 = "SHA2_256";

  private final SigstoreBundle.MessageSignature message;
  private final Optional<byte[]> artifact;

  MessageContent(SigstoreBundle.MessageSignature message, Optional<byte[]> artifact) {
    this.message = message;
    this.artifact = artifact.map(byte[]::clone);
  }

  @Override
  public boolean verifiedBy(PublicKey key, byte[] signature) throws Refusal {
    if (artifact.isPresent()) {
      return Signatures.verify(key, artifact.get(), signature);
    }
    try {
      return Signatures.verifySha256Digest(key, message.digest(), signature);
    } catch (UnsupportedOperationException e) {
      throw new Refusal(RefusalCode.UNSUPPORTED_ALGORITHM, e.getMessage());
    }
  }

  @Override
  public void checkClaims(Digest image) throws Refusal {
    // protobuf's default (absent) is HASH_ALGORITHM_UNSPECIFIED: refused like any other
    if (!message.digestAlgorithm().orElse("unspecified").equals(SHA2_256)
        || image.algorithm() != Digest.Algorithm.SHA256) {
      throw new Refusal(
          RefusalCode.UNSUPPORTED_ALGORITHM,
          "the bundle's message digest is "
              + UntrustedText.of(message.digestAlgorithm().orElse("unspecified"))
              + "; only SHA2_256 digests of sha256 images are supported");
    }
    byte[] expected = java.util.HexFormat.of().parseHex(image.hex());
    if (!MessageDigest.isEqual(expected, message.digest())) {
      throw new Refusal(
          RefusalCode.PAYLOAD_DIGEST_MISMATCH,
          "the bundle signs the digest sha256:"
              + java.util.HexFormat.of().formatHex(message.digest())
              + ", not "
              + image);
    }
  }

  @Override
  public TlogEntryMatch.Expected expectedEntry(byte[] signature) {
    return new TlogEntryMatch.HashedRekord("sha256", message.digest(), signature);
  }
}
