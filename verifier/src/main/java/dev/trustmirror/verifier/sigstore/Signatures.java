package dev.trustmirror.verifier.sigstore;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * Signature checks as Sigstore clients make them. ECDSA: SHA-256 whatever the curve (cosign's
 * default for key-based signing), then the curve's own hash (SHA-384 on P-384, SHA-512 on P-521,
 * what newer cosign and Sigstore logs use); RSA: PKCS #1 v1.5 with SHA-256; Ed25519: pure. A
 * malformed signature is simply one that does not verify. ECDSA goes through {@link
 * EcdsaVerification}, everything else through the JDK.
 */
final class Signatures {
  private Signatures() {}

  /** Whether {@code signature} over {@code data} verifies with {@code key}. */
  static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    for (String algorithm : algorithms(key)) {
      try {
        if (key instanceof ECPublicKey
            ? EcdsaVerification.verify(key, algorithm, data, signature)
            : jdk(algorithm, key, data, signature)) {
          return true;
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        // a malformed signature (bad DER, wrong length) does not verify; try the next hash
      }
    }
    return false;
  }

  /**
   * Whether {@code signature} over a message whose SHA-256 is {@code sha256} verifies: a Sigstore
   * bundle's message signature checked against an image digest, without the artifact.
   *
   * @throws UnsupportedOperationException for Ed25519, which signs messages, not digests
   */
  static boolean verifySha256Digest(PublicKey key, byte[] sha256, byte[] signature) {
    try {
      if (key instanceof ECPublicKey) {
        return EcdsaVerification.verify(key, "NONEwithECDSA", sha256, signature);
      }
      if (key instanceof RSAPublicKey) {
        Signature verifier = Signature.getInstance("NONEwithRSA");
        verifier.initVerify(key);
        verifier.update(
            new DigestInfo(
                    new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE),
                    sha256)
                .getEncoded());
        return verifier.verify(signature);
      }
    } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
      return false;
    }
    throw new UnsupportedOperationException(
        key.getAlgorithm() + " keys sign messages, not digests: the artifact itself is needed");
  }

  private static boolean jdk(String algorithm, PublicKey key, byte[] data, byte[] signature)
      throws GeneralSecurityException {
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(key);
    verifier.update(data);
    return verifier.verify(signature);
  }

  private static Iterable<String> algorithms(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getOrder().bitLength();
      if (bits > 384) {
        return Arrays.asList("SHA256withECDSA", "SHA512withECDSA");
      }
      if (bits > 256) {
        return Arrays.asList("SHA256withECDSA", "SHA384withECDSA");
      }
      return Arrays.asList("SHA256withECDSA");
    }
    if (key instanceof RSAPublicKey) {
      return Arrays.asList("SHA256withRSA");
    }
    return Arrays.asList("Ed25519");
  }
}
