package dev.trustmirror.testkit.sigstore;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * PEM text as cosign, Fulcio and BouncyCastle's {@code JcaPEMWriter} write it: 64-character base64
 * lines, {@code \n} line ends, a newline after the END line. sigstore-java rebuilds a Rekor {@code
 * hashedrekord} body from {@code JcaPEMWriter}'s output, so the bytes here must be identical to it.
 */
public final class Pem {

  private static final Base64.Encoder LINES =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private Pem() {}

  /** {@code -----BEGIN CERTIFICATE-----} block of {@code certificate}, with a trailing newline. */
  public static String certificate(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("Tried to encode a certificate as PEM but it has no DER", e);
    }
  }

  /** The concatenated blocks of {@code certificates}, in order. */
  public static String certificates(List<X509Certificate> certificates) {
    var out = new StringBuilder();
    certificates.forEach(certificate -> out.append(certificate(certificate)));
    return out.toString();
  }

  /** {@code -----BEGIN PUBLIC KEY-----} block of the SubjectPublicKeyInfo of {@code key}. */
  public static String publicKey(PublicKey key) {
    return block("PUBLIC KEY", key.getEncoded());
  }

  /** A PEM block of {@code type} around {@code der}. */
  public static String block(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + LINES.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
