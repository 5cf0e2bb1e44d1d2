package dev.trustmirror.testkit.registry;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A fresh test CA (EC P-256) and certificates it issues, made with BouncyCastle: a TLS server
 * certificate for 127.0.0.1 and {@code localhost}, and a signing certificate (for the token
 * server's JWTs). Valid from an hour ago for two days (the processes that check them use the real
 * clock). Files are PEM as Go's {@code crypto/tls} and the JDK read them.
 */
public final class TestCertificates {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String name;
  private final KeyPair caKey;
  private final X509Certificate caCertificate;

  private TestCertificates(String name, KeyPair caKey, X509Certificate caCertificate) {
    this.name = name;
    this.caKey = caKey;
    this.caCertificate = caCertificate;
  }

  /** A new CA named {@code CN=<name> test CA}. */
  public static TestCertificates newCa(String name) {
    KeyPair key = ecKey();
    X500Name subject = new X500Name("CN=" + name + " test CA");
    X509Certificate cert =
        issue(
            subject,
            subject,
            key.getPublic(),
            key,
            true,
            builder -> {
              builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
              builder.addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            });
    return new TestCertificates(name, key, cert);
  }

  /** A key and the certificate this CA issues to it. */
  public record Issued(KeyPair key, X509Certificate certificate) {}

  /** A TLS server certificate for {@code 127.0.0.1} and {@code localhost}. */
  public Issued issueServer() {
    KeyPair key = ecKey();
    X509Certificate cert =
        issue(
            new X500Name("CN=127.0.0.1"),
            new X500Name(caCertificate.getSubjectX500Principal().getName()),
            key.getPublic(),
            caKey,
            false,
            builder -> {
              builder.addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(
                      new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")
                      }));
              builder.addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
              builder.addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            });
    return new Issued(key, cert);
  }

  /** A signing certificate ({@code CN=<name> token signer}), digital signature only. */
  public Issued issueSigner() {
    KeyPair key = ecKey();
    X509Certificate cert =
        issue(
            new X500Name("CN=" + name + " token signer"),
            new X500Name(caCertificate.getSubjectX500Principal().getName()),
            key.getPublic(),
            caKey,
            false,
            builder ->
                builder.addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)));
    return new Issued(key, cert);
  }

  /** The CA certificate. */
  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /** Writes the CA certificate as PEM to {@code file}. */
  public Path writeCa(Path file) throws IOException {
    Files.writeString(file, pem("CERTIFICATE", encoded(caCertificate)), StandardCharsets.US_ASCII);
    return file;
  }

  /** Writes {@code issued}'s certificate and PKCS#8 private key as PEM files. */
  public static void write(Issued issued, Path certificateFile, Path keyFile) throws IOException {
    Files.writeString(
        certificateFile,
        pem("CERTIFICATE", encoded(issued.certificate())),
        StandardCharsets.US_ASCII);
    Files.writeString(
        keyFile,
        pem("PRIVATE KEY", issued.key().getPrivate().getEncoded()),
        StandardCharsets.US_ASCII);
  }

  /** An SSL context that trusts this CA only (for test clients such as {@link RegistryWriter}). */
  public SSLContext trustingSslContext() {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("ca", caCertificate);
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "Tried to build an SSL context trusting the test CA but failed", e);
    }
  }

  static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(String type, byte[] der) {
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
  }

  private interface Extensions {
    void add(X509v3CertificateBuilder builder) throws IOException;
  }

  private static X509Certificate issue(
      X500Name subject,
      X500Name issuer,
      java.security.PublicKey subjectKey,
      KeyPair issuerKey,
      boolean ca,
      Extensions extensions) {
    Instant now = Instant.now();
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(64, RANDOM).add(BigInteger.ONE),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(2))),
              subject,
              subjectKey);
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
      if (!ca) {
        builder.addExtension(
            Extension.authorityKeyIdentifier,
            false,
            utils.createAuthorityKeyIdentifier(issuerKey.getPublic()));
      }
      extensions.add(builder);
      ContentSigner signer =
          new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("Tried to issue a test certificate but failed", e);
    }
  }

  static KeyPair ecKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK cannot make EC P-256 keys", e);
    }
  }
}
