package dev.trustmirror.testkit.sigstore;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * An RFC 3161 timestamp authority built on BouncyCastle's {@link TimeStampResponseGenerator}: a
 * self-signed root and a leaf with the critical {@code id-kp-timeStamping} EKU RFC 3161 2.3
 * requires. It answers with a DER {@code TimeStampResp} (what cosign's {@code
 * SignedRFC3161Timestamp} and a Sigstore bundle's {@code signedTimestamp} hold) over SHA-256 of the
 * bytes given, the token carrying the leaf certificate.
 */
public final class TestTsa {

  /** The TSA policy OID written in every token (an arbitrary private-use arc). */
  public static final String POLICY_OID = "1.3.6.1.4.1.57264.2";

  private final SecureRandom random;
  private final Clock clock;
  private final String uri;
  private final SigningKey leafKey;
  private final X509Certificate root;
  private final X509Certificate leaf;

  private TestTsa(SecureRandom random, Clock clock, String uri) {
    this.random = random;
    this.clock = clock;
    this.uri = uri;
    SigningKey rootKey = SigningKey.generate(KeyAlgorithm.ECDSA_P384, random);
    this.leafKey = SigningKey.generate(KeyAlgorithm.ECDSA_P256, random);
    Instant notBefore = clock.instant().minus(Duration.ofDays(1));
    Instant notAfter = notBefore.plus(Duration.ofDays(3650));
    X500Name rootName = new X500Name("O=sigstore.dev,CN=sigstore-tsa-selfsigned");
    this.root =
        CertificateSigning.caCertificate(
            rootName,
            rootKey,
            rootName,
            rootKey,
            Optional.empty(),
            notBefore,
            notAfter,
            Optional.empty(),
            random);
    this.leaf = leafCertificate(rootName, rootKey, notBefore, notAfter);
  }

  /** A TSA at {@code https://timestamp.test/api/v1/timestamp}. */
  public static TestTsa generate(SecureRandom random, Clock clock) {
    return new TestTsa(random, clock, "https://timestamp.test/api/v1/timestamp");
  }

  /** The signing (leaf) certificate. */
  public X509Certificate leaf() {
    return leaf;
  }

  /** The root. */
  public X509Certificate root() {
    return root;
  }

  /** Leaf, root: the order of {@code certChain} in {@code trusted_root.json}. */
  public List<X509Certificate> chain() {
    return List.of(leaf, root);
  }

  /** The URI in {@code trusted_root.json}. */
  public String uri() {
    return uri;
  }

  /** When the certificates became valid. */
  public Instant validFrom() {
    return root.getNotBefore().toInstant();
  }

  /** A timestamp response over SHA-256 of {@code data} at the clock's time. */
  public byte[] timestamp(byte[] data) {
    return timestamp(data, clock.instant());
  }

  /** A timestamp response over SHA-256 of {@code data} at {@code genTime}. */
  public byte[] timestamp(byte[] data, Instant genTime) {
    try {
      var requests = new TimeStampRequestGenerator();
      requests.setCertReq(true);
      TimeStampRequest request =
          requests.generate(TSPAlgorithms.SHA256, Sha256.digest(data), new BigInteger(64, random));
      SignerInfoGenerator signer =
          new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
              .build(CertificateSigning.contentSigner(leafKey), leaf);
      var tokens =
          new TimeStampTokenGenerator(
              signer,
              new JcaDigestCalculatorProviderBuilder()
                  .build()
                  .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
              new ASN1ObjectIdentifier(POLICY_OID));
      // Only the leaf: sigstore-java matches the first embedded certificate against the TSA leaf.
      tokens.addCertificates(new JcaCertStore(List.of(leaf)));
      var responses = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
      return responses
          .generate(request, CertificateSigning.serial(random), Date.from(genTime))
          .getEncoded();
    } catch (TSPException | OperatorCreationException | GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Tried to issue an RFC 3161 timestamp but failed", e);
    }
  }

  private X509Certificate leafCertificate(
      X500Name rootName, SigningKey rootKey, Instant notBefore, Instant notAfter) {
    try {
      X509v3CertificateBuilder builder =
          CertificateSigning.builder(
              rootName,
              new X500Name("O=sigstore.dev,CN=sigstore-tsa"),
              leafKey,
              notBefore,
              notAfter,
              random);
      var utils = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      // RFC 3161 2.3: the EKU is critical and names only id-kp-timeStamping.
      builder.addExtension(
          Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          utils.createSubjectKeyIdentifier(leafKey.publicKey()));
      builder.addExtension(
          Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(root));
      return CertificateSigning.sign(builder, rootKey);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Tried to build the TSA leaf certificate but failed", e);
    }
  }

  @Override
  public String toString() {
    return "TestTsa[" + uri + "]";
  }
}
