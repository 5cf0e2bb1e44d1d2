package dev.trustmirror.verifier.sigstore;

import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;

/**
 * Who signed, as a log entry must name it: the certificate (keyless; the entry must hold exactly
 * this certificate) or the public key (key-based; the entry must hold this key).
 *
 * @param certificate the signing certificate, for keyless signatures
 * @param key the key that verified the signature
 */
record SignerMaterial(Optional<X509Certificate> certificate, PublicKey key) {
  static SignerMaterial of(PublicKey key) {
    return new SignerMaterial(Optional.empty(), key);
  }

  static SignerMaterial of(X509Certificate certificate) {
    return new SignerMaterial(Optional.of(certificate), certificate.getPublicKey());
  }

  /** Whether a PEM block of a log entry names this signer. */
  boolean matches(Pem.Block block) {
    try {
      if (certificate.isPresent()) {
        return block.label().equals("CERTIFICATE")
            && Arrays.equals(block.der(), certificate.get().getEncoded());
      }
      return block.label().equals("PUBLIC KEY") && Arrays.equals(block.der(), key.getEncoded());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }

  /** "the certificate" or "the key", for messages. */
  String describe() {
    return certificate.isPresent() ? "the signing certificate" : "the key";
  }
}
