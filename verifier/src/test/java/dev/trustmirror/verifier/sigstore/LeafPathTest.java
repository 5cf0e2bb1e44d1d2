package dev.trustmirror.verifier.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.verifier.trust.TrustedRoot;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * {@link LeafPath} (the CA chain validated once, the leaf's part per call) against the JDK's full
 * PKIX path validation it replaces for plain ECDSA chains: for valid chains and for chains and
 * leaves PKIX refuses (intermediate not a CA, without keyCertSign, path length exceeded, name
 * constraints, unknown critical extensions, intermediate or leaf out of validity, leaf signed by
 * another key under the same name), {@link CertificateCheck#issuer} gives the answer full PKIX
 * gives, and the fast way is taken exactly for the chains it is meant for.
 */
class LeafPathTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant SIGNED = START.plus(Duration.ofDays(10));
  private static final SecureRandom RANDOM = new SecureRandom(new byte[] {7});

  private static final KeyPair ROOT = key("secp384r1");
  private static final KeyPair INTERMEDIATE = key("secp384r1");
  private static final KeyPair SECOND = key("secp384r1");
  private static final KeyPair LEAF = key("secp256r1");
  private static final KeyPair STRANGER = key("secp384r1");

  private record Outcome(Optional<RefusalCode> refusal) {}

  @Test
  void validChainTakesTheFastWayAndAgreesWithPkix() throws Exception {
    X509Certificate root = ca("root", ROOT, "root", ROOT, START, 3650, b -> {});
    X509Certificate intermediate =
        ca("intermediate", INTERMEDIATE, "root", ROOT, START, 3650, pathLength(0));
    X509Certificate leaf = leaf("intermediate", INTERMEDIATE, SIGNED, b -> {});

    TrustMaterial trust = trust(List.of(intermediate, root));

    assertThat(trust.leafPath(trust.certificateAuthorities().get(0))).isPresent();
    assertThat(issuer(leaf, SIGNED, trust)).isEqualTo(new Outcome(Optional.empty()));
    assertThat(pkix(leaf, List.of(intermediate, root), SIGNED))
        .isEqualTo(new Outcome(Optional.empty()));
  }

  @Test
  void leafDirectlyUnderTheRootTakesTheFastWay() throws Exception {
    X509Certificate root = ca("root", ROOT, "root", ROOT, START, 3650, b -> {});
    X509Certificate leaf = leaf("root", ROOT, SIGNED, b -> {});

    TrustMaterial trust = trust(List.of(root));

    assertThat(trust.leafPath(trust.certificateAuthorities().get(0))).isPresent();
    agrees(leaf, List.of(root), SIGNED, Optional.empty());
  }

  @Test
  void refusesAtATimeOutsideTheIntermediatesValidity() throws Exception {
    X509Certificate root = ca("root", ROOT, "root", ROOT, START, 3650, b -> {});
    // the intermediate starts 20 days in: the trusted root's validFor alone would allow day 10
    X509Certificate intermediate =
        ca(
            "intermediate",
            INTERMEDIATE,
            "root",
            ROOT,
            START.plus(Duration.ofDays(20)),
            3650,
            pathLength(0));
    X509Certificate leaf = leaf("intermediate", INTERMEDIATE, SIGNED, b -> {});

    TrustMaterial trust = trust(List.of(intermediate, root));

    assertThat(trust.leafPath(trust.certificateAuthorities().get(0))).isPresent();
    agrees(
        leaf,
        List.of(intermediate, root),
        SIGNED,
        Optional.of(RefusalCode.CA_NOT_VALID_AT_SIGNING_TIME));
  }

  @Test
  void refusesAtATimeOutsideTheLeafsValidity() throws Exception {
    X509Certificate root = ca("root", ROOT, "root", ROOT, START, 3650, b -> {});
    X509Certificate intermediate =
        ca("intermediate", INTERMEDIATE, "root", ROOT, START, 3650, pathLength(0));
    X509Certificate leaf = leaf("intermediate", INTERMEDIATE, SIGNED, b -> {});

    agrees(
        leaf,
        List.of(intermediate, root),
        SIGNED.plus(Duration.ofHours(1)),
        Optional.of(RefusalCode.CA_NOT_VALID_AT_SIGNING_TIME));
  }

  @Test
  void refusesAnIntermediateThatIsNotACa() throws Exception {
    X509Certificate root = ca("root", ROOT, "root", ROOT, START, 3650, b -> {});
    X509Certificate intermediate =
        ca(
            "intermediate",
            INTERMEDIATE,
            "root",
            ROOT,
            START,
            3650,
            b -> replace(b, Extension.basicConstraints, true, new BasicConstraints(false)));
    X509Certificate leaf = leaf("intermediate", INTERMEDIATE, SIGNED, b -> {});

    TrustMaterial trust = trust(List.of(intermediate, root));

    assertThat(trust.leafPath(trust.certificateAuthorities().get(0))).isEmpty();
    agrees(leaf, List.of(intermediate, root), SIGNED, Optional.of(RefusalCode.UNTRUSTED_CA));
  }

  @Test
  void refusesAnIntermediateWithoutKeyCertSign() throws Exception {
    X509Certificate root = ca("root", ROOT, "root", ROOT, START, 3650, b -> {});
    X509Certificate intermediate =
        ca(
            "intermediate",
            INTERMEDIATE,
            "root",
            ROOT,
            START,
            3650,
            b -> replace(b, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)));
    X509Certificate leaf = leaf("intermediate", INTERMEDIATE, SIGNED, b -> {});

    TrustMaterial trust = trust(List.of(intermediate, root));

    assertThat(trust.leafPath(trust.certificateAuthorities().get(0))).isEmpty();
    agrees(leaf, List.of(intermediate, root), SIGNED, Optional.of(RefusalCode.UNTRUSTED_CA));
  }

  @Test
  void refusesAPathLongerThanAnIntermediateAllows() throws Exception {
    X509Certificate root = ca("root", ROOT, "root", ROOT, START, 3650, b -> {});
    X509Certificate upper = ca("upper", SECOND, "root", ROOT, START, 3650, pathLength(0));
    X509Certificate intermediate =
        ca("intermediate", INTERMEDIATE, "upper", SECOND, START, 3650, pathLength(0));
    X509Certificate leaf = leaf("intermediate", INTERMEDIATE, SIGNED, b -> {});

    TrustMaterial trust = trust(List.of(intermediate, upper, root));

    assertThat(trust.leafPath(trust.certificateAuthorities().get(0))).isEmpty();
    agrees(leaf, List.of(intermediate, upper, root), SIGNED, Optional.of(RefusalCode.UNTRUSTED_CA));
  }

  @Test
  void acceptsTwoIntermediatesWithinTheirPathLengths() throws Exception {
    X509Certificate root = ca("root", ROOT, "root", ROOT, START, 3650, b -> {});
    X509Certificate upper = ca("upper", SECOND, "root", ROOT, START, 3650, pathLength(1));
    X509Certificate intermediate =
        ca("intermediate", INTERMEDIATE, "upper", SECOND, START, 3650, pathLength(0));
    X509Certificate leaf = leaf("intermediate", INTERMEDIATE, SIGNED, b -> {});

    TrustMaterial trust = trust(List.of(intermediate, upper, root));

    assertThat(trust.leafPath(trust.certificateAuthorities().get(0))).isPresent();
    agrees(leaf, List.of(intermediate, upper, root), SIGNED, Optional.empty());
  }

  @Test
  void leavesNameConstraintsToFullPkix() throws Exception {
    X509Certificate root = ca("root", ROOT, "root", ROOT, START, 3650, b -> {});
    NameConstraints onlyElsewhere =
        new NameConstraints(
            new GeneralSubtree[] {
              new GeneralSubtree(new GeneralName(GeneralName.rfc822Name, "elsewhere.test"))
            },
            null);
    X509Certificate intermediate =
        ca(
            "intermediate",
            INTERMEDIATE,
            "root",
            ROOT,
            START,
            3650,
            b -> add(b, Extension.nameConstraints, true, onlyElsewhere));
    X509Certificate leaf = leaf("intermediate", INTERMEDIATE, SIGNED, b -> {});

    TrustMaterial trust = trust(List.of(intermediate, root));

    assertThat(trust.leafPath(trust.certificateAuthorities().get(0))).isEmpty();
    agrees(leaf, List.of(intermediate, root), SIGNED, Optional.of(RefusalCode.UNTRUSTED_CA));
  }

  @Test
  void refusesUnknownCriticalExtensionsAsPkixDoes() throws Exception {
    ASN1ObjectIdentifier unknown = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1");
    X509Certificate root = ca("root", ROOT, "root", ROOT, START, 3650, b -> {});
    X509Certificate intermediate =
        ca(
            "intermediate",
            INTERMEDIATE,
            "root",
            ROOT,
            START,
            3650,
            b -> add(b, unknown, true, new DEROctetString(new byte[] {1})));
    X509Certificate plain =
        ca("intermediate", INTERMEDIATE, "root", ROOT, START, 3650, pathLength(0));
    X509Certificate leaf = leaf("intermediate", INTERMEDIATE, SIGNED, b -> {});
    X509Certificate strangeLeaf =
        leaf(
            "intermediate",
            INTERMEDIATE,
            SIGNED,
            b -> add(b, unknown, true, new DEROctetString(new byte[] {1})));

    assertThat(trust(List.of(intermediate, root)).leafPath(authority(intermediate, root)))
        .isEmpty();
    agrees(leaf, List.of(intermediate, root), SIGNED, Optional.of(RefusalCode.UNTRUSTED_CA));
    assertThat(LeafPath.suits(strangeLeaf)).isFalse();
    agrees(strangeLeaf, List.of(plain, root), SIGNED, Optional.of(RefusalCode.UNTRUSTED_CA));
  }

  @Test
  void refusesALeafSignedByAnotherKeyUnderTheSameName() throws Exception {
    X509Certificate root = ca("root", ROOT, "root", ROOT, START, 3650, b -> {});
    X509Certificate intermediate =
        ca("intermediate", INTERMEDIATE, "root", ROOT, START, 3650, pathLength(0));
    X509Certificate forged = leaf("intermediate", STRANGER, SIGNED, b -> {});

    agrees(forged, List.of(intermediate, root), SIGNED, Optional.of(RefusalCode.UNTRUSTED_CA));
  }

  @Test
  void refusesAnIntermediateSignedByAnotherRoot() throws Exception {
    X509Certificate root = ca("root", ROOT, "root", ROOT, START, 3650, b -> {});
    X509Certificate intermediate =
        ca("intermediate", INTERMEDIATE, "root", STRANGER, START, 3650, pathLength(0));
    X509Certificate leaf = leaf("intermediate", INTERMEDIATE, SIGNED, b -> {});

    TrustMaterial trust = trust(List.of(intermediate, root));

    assertThat(trust.leafPath(trust.certificateAuthorities().get(0))).isEmpty();
    agrees(leaf, List.of(intermediate, root), SIGNED, Optional.of(RefusalCode.UNTRUSTED_CA));
  }

  /**
   * Same answer from {@link CertificateCheck#issuer} and from full PKIX, and it is {@code want}.
   */
  private static void agrees(
      X509Certificate leaf, List<X509Certificate> chain, Instant time, Optional<RefusalCode> want)
      throws Exception {
    Outcome pkix = pkix(leaf, chain, time);
    assertThat(issuer(leaf, time, trust(chain))).isEqualTo(pkix);
    assertThat(pkix.refusal()).isEqualTo(want);
  }

  private static Outcome issuer(X509Certificate leaf, Instant time, TrustMaterial trust) {
    try {
      CertificateCheck.issuer(leaf, List.of(time), trust);
      return new Outcome(Optional.empty());
    } catch (Refusal r) {
      return new Outcome(Optional.of(r.code()));
    }
  }

  /**
   * Full PKIX, as CertificateCheck did for every leaf: an unknown issuer (name or key) is
   * UNTRUSTED_CA, expired / not yet valid CA_NOT_VALID_AT_SIGNING_TIME, anything else UNTRUSTED_CA.
   */
  private static Outcome pkix(X509Certificate leaf, List<X509Certificate> chain, Instant time)
      throws Exception {
    List<X509Certificate> path = new ArrayList<>();
    path.add(leaf);
    path.addAll(chain.subList(0, chain.size() - 1));
    PKIXParameters parameters =
        new PKIXParameters(Set.of(new TrustAnchor(chain.get(chain.size() - 1), null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(time));
    try {
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
      return new Outcome(Optional.empty());
    } catch (CertPathValidatorException e) {
      boolean outOfTime =
          e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
              || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID;
      return new Outcome(
          Optional.of(
              outOfTime ? RefusalCode.CA_NOT_VALID_AT_SIGNING_TIME : RefusalCode.UNTRUSTED_CA));
    }
  }

  private static TrustMaterial.Authority authority(X509Certificate... chain) throws Exception {
    return trust(List.of(chain)).certificateAuthorities().get(0);
  }

  /** A trusted root with this one CA, valid from {@link #START} on. */
  private static TrustMaterial trust(List<X509Certificate> chain) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1");
    root.putArray("tlogs");
    ObjectNode ca = root.putArray("certificateAuthorities").addObject();
    ca.putObject("subject").put("organization", "test").put("commonName", "root");
    ca.put("uri", "https://ca.test");
    ArrayNode certificates = ca.putObject("certChain").putArray("certificates");
    for (X509Certificate c : chain) {
      certificates.addObject().put("rawBytes", Base64.getEncoder().encodeToString(c.getEncoded()));
    }
    ca.putObject("validFor").put("start", START.minus(Duration.ofDays(1)).toString());
    root.putArray("ctlogs");
    root.putArray("timestampAuthorities");
    return TrustMaterial.of(
        TrustedRoot.parse(json.writeValueAsString(root).getBytes(StandardCharsets.UTF_8), "test"));
  }

  private static Consumer<X509v3CertificateBuilder> pathLength(int length) {
    return b -> replace(b, Extension.basicConstraints, true, new BasicConstraints(length));
  }

  private static X509Certificate ca(
      String subject,
      KeyPair subjectKey,
      String issuer,
      KeyPair issuerKey,
      Instant from,
      int days,
      Consumer<X509v3CertificateBuilder> change)
      throws Exception {
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            new X500Name("CN=" + issuer),
            BigInteger.valueOf(RANDOM.nextInt(1 << 30)),
            Date.from(from),
            Date.from(from.plus(Duration.ofDays(days))),
            new X500Name("CN=" + subject),
            subjectKey.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    change.accept(builder);
    return sign(builder, issuerKey, "SHA384withECDSA");
  }

  private static X509Certificate leaf(
      String issuer, KeyPair issuerKey, Instant signed, Consumer<X509v3CertificateBuilder> change)
      throws Exception {
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            new X500Name("CN=" + issuer),
            BigInteger.valueOf(RANDOM.nextInt(1 << 30)),
            Date.from(signed.minus(Duration.ofMinutes(1))),
            Date.from(signed.plus(Duration.ofMinutes(9))),
            new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
            LEAF.getPublic());
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
    // Fulcio's shape: empty subject, the identity in a critical SAN
    builder.addExtension(
        Extension.subjectAlternativeName,
        true,
        new GeneralNames(new GeneralName(GeneralName.rfc822Name, "dev@example.com")));
    change.accept(builder);
    return sign(builder, issuerKey, "SHA384withECDSA");
  }

  private static void replace(
      X509v3CertificateBuilder builder,
      ASN1ObjectIdentifier oid,
      boolean critical,
      org.bouncycastle.asn1.ASN1Encodable value) {
    try {
      builder.replaceExtension(oid, critical, value);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void add(
      X509v3CertificateBuilder builder,
      ASN1ObjectIdentifier oid,
      boolean critical,
      org.bouncycastle.asn1.ASN1Encodable value) {
    try {
      builder.addExtension(oid, critical, value);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(
      X509v3CertificateBuilder builder, KeyPair issuer, String algorithm) throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder(algorithm).build(issuer.getPrivate())));
  }

  private static KeyPair key(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve), RANDOM);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
