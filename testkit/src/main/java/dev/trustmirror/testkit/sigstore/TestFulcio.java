package dev.trustmirror.testkit.sigstore;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * A Fulcio certificate authority: a self-signed root and an intermediate (ECDSA P-384 by default,
 * named like Sigstore's {@code sigstore} / {@code sigstore-intermediate}), issuing short-lived
 * code-signing certificates the way Fulcio does: empty subject, one critical SAN, EKU codeSigning,
 * the OIDC issuer in 1.3.6.1.4.1.57264.1.1 (raw) and 1.3.6.1.4.1.57264.1.8 (DER UTF8String), and an
 * SCT list from its {@link TestCtLog} computed over the RFC 6962 precertificate.
 */
public final class TestFulcio {

  /** Fulcio's deprecated OIDC issuer extension: the raw issuer URL as extension value. */
  public static final String ISSUER_V1_OID = "1.3.6.1.4.1.57264.1.1";

  /** Fulcio's OIDC issuer extension: a DER UTF8String. */
  public static final String ISSUER_V2_OID = "1.3.6.1.4.1.57264.1.8";

  private static final Duration CA_BACKDATE = Duration.ofDays(1);
  private static final Duration CA_LIFETIME = Duration.ofDays(3650);

  private final SecureRandom random;
  private final Clock clock;
  private final TestCtLog ctLog;
  private final String uri;
  private final SigningKey rootKey;
  private final SigningKey intermediateKey;
  private final X509Certificate root;
  private final X509Certificate intermediate;

  private TestFulcio(
      SecureRandom random, Clock clock, TestCtLog ctLog, String uri, KeyAlgorithm algorithm) {
    this.random = random;
    this.clock = clock;
    this.ctLog = ctLog;
    this.uri = uri;
    this.rootKey = SigningKey.generate(algorithm, random);
    this.intermediateKey = SigningKey.generate(algorithm, random);
    Instant notBefore = clock.instant().minus(CA_BACKDATE);
    Instant notAfter = notBefore.plus(CA_LIFETIME);
    X500Name rootName = name("sigstore");
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
    this.intermediate =
        CertificateSigning.caCertificate(
            name("sigstore-intermediate"),
            intermediateKey,
            rootName,
            rootKey,
            Optional.of(root),
            notBefore,
            notAfter,
            Optional.of(0),
            random);
  }

  /** A Fulcio with ECDSA P-384 CA keys at {@code https://fulcio.test}. */
  public static TestFulcio generate(SecureRandom random, Clock clock, TestCtLog ctLog) {
    return generate(random, clock, ctLog, "https://fulcio.test", KeyAlgorithm.ECDSA_P384);
  }

  /**
   * A Fulcio whose CA certificates are valid from a day before {@code clock}'s instant for ten
   * years.
   *
   * @param uri the CA URI in {@code trusted_root.json}
   * @param algorithm the root and intermediate key algorithm (ECDSA P-256 or P-384)
   */
  public static TestFulcio generate(
      SecureRandom random, Clock clock, TestCtLog ctLog, String uri, KeyAlgorithm algorithm) {
    return new TestFulcio(random, clock, ctLog, uri, algorithm);
  }

  /** The self-signed root. */
  public X509Certificate root() {
    return root;
  }

  /** The intermediate that issues leaves. */
  public X509Certificate intermediate() {
    return intermediate;
  }

  /** Intermediate, root: the order of {@code certChain} in {@code trusted_root.json}. */
  public List<X509Certificate> chain() {
    return List.of(intermediate, root);
  }

  /** The CA URI. */
  public String uri() {
    return uri;
  }

  /** The CT log whose SCTs the leaves embed. */
  public TestCtLog ctLog() {
    return ctLog;
  }

  /** When the CA certificates became valid. */
  public Instant validFrom() {
    return root.getNotBefore().toInstant();
  }

  /** Issues a leaf for a new ephemeral key of {@link LeafRequest#keyAlgorithm()}. */
  public FulcioCertificate issue(LeafRequest request) {
    return issue(request, SigningKey.generate(request.keyAlgorithm(), random));
  }

  /** Issues a leaf certifying {@code key}. */
  public FulcioCertificate issue(LeafRequest request, SigningKey key) {
    Instant notBefore = request.notBefore().orElseGet(clock::instant);
    Instant notAfter = notBefore.plus(request.validity());
    var serial = CertificateSigning.serial(random);
    // RFC 6962 3.1: the precertificate is the leaf with a critical poison extension, no SCTs.
    X509v3CertificateBuilder precertificateBuilder =
        leafBuilder(request, key, serial, notBefore, notAfter);
    addExtension(precertificateBuilder, Precertificates.POISON_OID, true, DERNull.INSTANCE);
    X509Certificate precertificate =
        CertificateSigning.sign(precertificateBuilder, intermediateKey);
    byte[] precertificateTbs =
        Precertificates.tbsWithout(precertificate, Set.of(Precertificates.POISON_OID));

    X509v3CertificateBuilder leafBuilder = leafBuilder(request, key, serial, notBefore, notAfter);
    Optional<byte[]> sct = sct(request.sct(), notBefore, precertificate, precertificateTbs);
    sct.ifPresent(
        value ->
            addExtension(
                leafBuilder,
                Precertificates.SCT_LIST_OID,
                false,
                new DEROctetString(TestCtLog.sctList(List.of(value)))));
    X509Certificate leaf = CertificateSigning.sign(leafBuilder, intermediateKey);
    if (!Arrays.equals(
        Precertificates.tbsWithout(leaf, Set.of(Precertificates.SCT_LIST_OID)),
        precertificateTbs)) {
      throw new IllegalStateException(
          "Tried to issue a leaf for "
              + request.identity()
              + " but its TBS differs from the precertificate's");
    }
    return new FulcioCertificate(leaf, precertificate, chain(), key, request);
  }

  private Optional<byte[]> sct(
      SctMode mode, Instant time, X509Certificate precertificate, byte[] precertificateTbs) {
    byte[] issuerKeyHash = Sha256.digest(intermediate.getPublicKey().getEncoded());
    return switch (mode) {
      case NONE -> Optional.empty();
      case EMBEDDED ->
          Optional.of(ctLog.signPrecertificate(time, issuerKeyHash, precertificateTbs));
      case UNKNOWN_LOG ->
          Optional.of(
              TestCtLog.generate(random, "https://ctfe.unknown.test", time)
                  .signPrecertificate(time, issuerKeyHash, precertificateTbs));
      case INVALID_SIGNATURE ->
          Optional.of(
              ctLog.signPrecertificate(
                  time, issuerKeyHash, Precertificates.tbsWithout(precertificate, Set.of())));
    };
  }

  private X509v3CertificateBuilder leafBuilder(
      LeafRequest request, SigningKey key, BigInteger serial, Instant notBefore, Instant notAfter) {
    var builder =
        new X509v3CertificateBuilder(
            X500Name.getInstance(intermediate.getSubjectX500Principal().getEncoded()),
            serial,
            CertificateSigning.date(notBefore),
            CertificateSigning.date(notAfter),
            new X500Name(new RDN[0]),
            SubjectPublicKeyInfo.getInstance(key.publicKey().getEncoded()));
    addKeyExtensions(builder, key);
    addIdentityExtensions(builder, request);
    return builder;
  }

  /** Key usage digitalSignature, EKU codeSigning, subject and authority key identifiers. */
  private void addKeyExtensions(X509v3CertificateBuilder builder, SigningKey key) {
    try {
      var utils = new JcaX509ExtensionUtils();
      addExtension(
          builder, Extension.keyUsage.getId(), true, new KeyUsage(KeyUsage.digitalSignature));
      addExtension(
          builder,
          Extension.extendedKeyUsage.getId(),
          false,
          new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
      addExtension(
          builder,
          Extension.subjectKeyIdentifier.getId(),
          false,
          utils.createSubjectKeyIdentifier(key.publicKey()));
      addExtension(
          builder,
          Extension.authorityKeyIdentifier.getId(),
          false,
          utils.createAuthorityKeyIdentifier(intermediate));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tried to compute key identifiers but failed", e);
    }
  }

  /** The SAN, the OIDC issuer extensions and the extra extensions, in Fulcio's order. */
  private static void addIdentityExtensions(X509v3CertificateBuilder builder, LeafRequest request) {
    // Fulcio's subject is empty, so RFC 5280 4.2.1.6 makes the SAN critical.
    addExtension(
        builder,
        Extension.subjectAlternativeName.getId(),
        true,
        new GeneralNames(request.identity().generalName()));
    IssuerExtensions issuers = request.issuerExtensions();
    if (issuers == IssuerExtensions.BOTH || issuers == IssuerExtensions.V1_ONLY) {
      addRawExtension(
          builder, ISSUER_V1_OID, request.oidcIssuer().getBytes(StandardCharsets.UTF_8));
    }
    if (issuers == IssuerExtensions.BOTH || issuers == IssuerExtensions.V2_ONLY) {
      addExtension(builder, ISSUER_V2_OID, false, new DERUTF8String(request.oidcIssuer()));
    }
    for (Map.Entry<String, String> extra : request.extraExtensions().entrySet()) {
      addExtension(builder, extra.getKey(), false, new DERUTF8String(extra.getValue()));
    }
  }

  private static void addExtension(
      X509v3CertificateBuilder builder, String oid, boolean critical, ASN1Encodable value) {
    try {
      builder.addExtension(new ASN1ObjectIdentifier(oid), critical, value);
    } catch (IOException e) {
      throw new IllegalStateException("Tried to add extension " + oid + " but failed", e);
    }
  }

  private static void addRawExtension(X509v3CertificateBuilder builder, String oid, byte[] value) {
    // The extension value is the raw bytes, not a DER structure (Fulcio's v1 issuer).
    try {
      builder.addExtension(new ASN1ObjectIdentifier(oid), false, value);
    } catch (IOException e) {
      throw new IllegalStateException("Tried to add extension " + oid + " but failed", e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500Name("O=sigstore.dev,CN=" + commonName);
  }

  @Override
  public String toString() {
    return "TestFulcio[" + uri + "]";
  }
}
