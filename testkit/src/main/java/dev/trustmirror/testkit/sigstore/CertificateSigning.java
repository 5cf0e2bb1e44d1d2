package dev.trustmirror.testkit.sigstore;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds and signs X.509 certificates for the test CAs of this package. */
final class CertificateSigning {

  private CertificateSigning() {}

  /**
   * The certificate signature algorithm a CA with {@code key} uses (Fulcio: ECDSA P-384/SHA-384).
   */
  static String signatureAlgorithm(SigningKey key) {
    return switch (key.algorithm()) {
      case ECDSA_P256 -> "SHA256withECDSA";
      case ECDSA_P384 -> "SHA384withECDSA";
      case RSA_2048 -> "SHA256withRSA";
      case ED25519 -> "Ed25519";
    };
  }

  /** A random positive 159-bit serial number, as RFC 5280 4.1.2.2 allows (at most 20 octets). */
  static BigInteger serial(SecureRandom random) {
    return new BigInteger(159, random);
  }

  /** X.509 holds whole seconds: cut sub-second parts so that dates compare exactly. */
  static Date date(Instant instant) {
    return Date.from(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** A builder for a certificate of {@code subjectKey} issued by {@code issuer}. */
  static X509v3CertificateBuilder builder(
      X500Name issuer,
      X500Name subject,
      SigningKey subjectKey,
      Instant notBefore,
      Instant notAfter,
      SecureRandom random) {
    return new X509v3CertificateBuilder(
        issuer,
        serial(random),
        date(notBefore),
        date(notAfter),
        subject,
        SubjectPublicKeyInfo.getInstance(subjectKey.publicKey().getEncoded()));
  }

  /**
   * A CA certificate (key usage certSign and cRLSign, basic constraints CA with {@code pathLength}
   * when present). {@code issuerCertificate} is empty for a self-signed root.
   */
  static X509Certificate caCertificate(
      X500Name subject,
      SigningKey subjectKey,
      X500Name issuer,
      SigningKey issuerKey,
      Optional<X509Certificate> issuerCertificate,
      Instant notBefore,
      Instant notAfter,
      Optional<Integer> pathLength,
      SecureRandom random) {
    try {
      var extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          builder(issuer, subject, subjectKey, notBefore, notAfter, random);
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.basicConstraints,
          true,
          pathLength.map(BasicConstraints::new).orElseGet(() -> new BasicConstraints(true)));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(subjectKey.publicKey()));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          issuerCertificate.isPresent()
              ? extensions.createAuthorityKeyIdentifier(issuerCertificate.get())
              : extensions.createAuthorityKeyIdentifier(subjectKey.publicKey()));
      return sign(builder, issuerKey);
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "Tried to build the CA certificate " + subject + " but failed", e);
    }
  }

  /** Signs the certificate in {@code builder} with {@code issuerKey}. */
  static X509Certificate sign(X509v3CertificateBuilder builder, SigningKey issuerKey) {
    return toX509(builder.build(contentSigner(issuerKey)));
  }

  /** A BouncyCastle content signer for {@code key} that draws from the key's random. */
  static ContentSigner contentSigner(SigningKey key) {
    try {
      return new JcaContentSignerBuilder(signatureAlgorithm(key))
          .setSecureRandom(key.random())
          .build(key.privateKey());
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("Tried to create a signer for " + key + " but failed", e);
    }
  }

  static X509Certificate toX509(X509CertificateHolder holder) {
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalStateException("Tried to convert a certificate built here but failed", e);
    }
  }
}
