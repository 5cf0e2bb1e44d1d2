package dev.trustmirror.testkit.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.fulcio.client.FulcioVerificationException;
import dev.sigstore.fulcio.client.FulcioVerifier;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERUTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** sigstore-java 2.0.0's FulcioVerifier judges our chains and embedded SCTs. */
class FulcioFidelityTest {

  static final String ISSUER = "https://token.actions.githubusercontent.com";
  static final String WORKFLOW =
      "https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main";

  final SigstoreFixtures sigstore = SigstoreFixtures.create(11, SigstoreFixtures.DEFAULT_TIME);

  @Test
  void acceptsChainAndEmbeddedSctAgainstOurTrustedRoot() throws Exception {
    FulcioCertificate certificate =
        sigstore.fulcio().issue(LeafRequest.of(Identity.uri(WORKFLOW), ISSUER));

    FulcioVerifier verifier =
        FulcioVerifier.newFulcioVerifier(SigstoreJava.trustedRoot(sigstore.trustedRoot()));

    assertThatCode(() -> verifier.verifySigningCertificate(path(List.of(certificate.leaf()))))
        .doesNotThrowAnyException();
    // cosign attaches the whole chain: accepted too once the trusted parent is trimmed.
    assertThatCode(
            () ->
                verifier.verifySigningCertificate(
                    verifier.trimTrustedParent(path(certificate.certificatePath()))))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @EnumSource(value = SctMode.class, names = "EMBEDDED", mode = EnumSource.Mode.EXCLUDE)
  void refusesEveryBrokenSct(SctMode mode) throws Exception {
    FulcioCertificate certificate =
        sigstore.fulcio().issue(LeafRequest.of(Identity.email("a@b.test"), ISSUER).withSct(mode));
    FulcioVerifier verifier =
        FulcioVerifier.newFulcioVerifier(SigstoreJava.trustedRoot(sigstore.trustedRoot()));

    assertThatThrownBy(() -> verifier.verifySigningCertificate(path(List.of(certificate.leaf()))))
        .isInstanceOf(FulcioVerificationException.class)
        .hasMessageContaining(
            mode == SctMode.NONE ? "No valid SCTs were found during" : "all(1) SCTs were invalid");
  }

  @Test
  void refusesLeafOfAnotherFulcio() throws Exception {
    SigstoreFixtures rogue = SigstoreFixtures.create(12, SigstoreFixtures.DEFAULT_TIME);
    FulcioCertificate certificate =
        rogue.fulcio().issue(LeafRequest.of(Identity.email("a@b.test"), ISSUER));
    FulcioVerifier verifier =
        FulcioVerifier.newFulcioVerifier(SigstoreJava.trustedRoot(sigstore.trustedRoot()));

    assertThatThrownBy(() -> verifier.verifySigningCertificate(path(List.of(certificate.leaf()))))
        .isInstanceOf(FulcioVerificationException.class)
        .hasMessageContaining("Certificate was not verifiable against CAs");
  }

  @Test
  void refusesLeafIssuedWhileTheCaWasNotValidInTheTrustedRoot() throws Exception {
    FulcioCertificate certificate =
        sigstore.fulcio().issue(LeafRequest.of(Identity.email("a@b.test"), ISSUER));
    Instant signed = certificate.leaf().getNotBefore().toInstant();
    TrustedRootBuilder caEndedBefore =
        TrustedRootBuilder.create()
            .certificateAuthority(
                sigstore.fulcio(),
                sigstore.fulcio().validFrom(),
                Optional.of(signed.minusSeconds(1)))
            .ctLog(sigstore.ctLog());
    FulcioVerifier verifier =
        FulcioVerifier.newFulcioVerifier(SigstoreJava.trustedRoot(caEndedBefore));

    assertThatThrownBy(() -> verifier.verifySigningCertificate(path(List.of(certificate.leaf()))))
        .isInstanceOf(FulcioVerificationException.class)
        .hasMessageContaining("No valid Certificate Authorities found");
  }

  @Test
  void writesFulcioExtensionsAndTenMinuteValidity() throws Exception {
    FulcioCertificate certificate =
        sigstore.fulcio().issue(LeafRequest.of(Identity.email("a@b.test"), ISSUER));
    X509Certificate leaf = certificate.leaf();

    assertThat(leaf.getSubjectX500Principal().getEncoded()).hasSize(2); // empty SEQUENCE
    assertThat(leaf.getCriticalExtensionOIDs()).contains("2.5.29.17", "2.5.29.15");
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.3");
    assertThat(leaf.getKeyUsage()[0]).isTrue();
    assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(leaf.getNotBefore().toInstant()).isEqualTo(SigstoreFixtures.DEFAULT_TIME);
    // v1: the extension value is the raw issuer; v2: a DER UTF8String.
    assertThat(extensionOctets(leaf, TestFulcio.ISSUER_V1_OID))
        .isEqualTo(ISSUER.getBytes(StandardCharsets.UTF_8));
    assertThat(ASN1Primitive.fromByteArray(extensionOctets(leaf, TestFulcio.ISSUER_V2_OID)))
        .isEqualTo(new DERUTF8String(ISSUER));
    assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(1, "a@b.test"));
    assertThat(Certificates.getEmbeddedSCTs(leaf)).isPresent();
    assertThat(certificate.precertificate().getCriticalExtensionOIDs())
        .contains(Precertificates.POISON_OID);
    assertThat(certificate.precertificate().getNonCriticalExtensionOIDs())
        .doesNotContain(Precertificates.SCT_LIST_OID);
  }

  @Test
  void issuerExtensionVariantsAreWrittenOrLeftOut() throws Exception {
    LeafRequest request = LeafRequest.of(Identity.email("a@b.test"), ISSUER);

    X509Certificate v1 =
        sigstore.fulcio().issue(request.withIssuerExtensions(IssuerExtensions.V1_ONLY)).leaf();
    X509Certificate v2 =
        sigstore.fulcio().issue(request.withIssuerExtensions(IssuerExtensions.V2_ONLY)).leaf();
    X509Certificate none =
        sigstore.fulcio().issue(request.withIssuerExtensions(IssuerExtensions.NONE)).leaf();

    assertThat(v1.getExtensionValue(TestFulcio.ISSUER_V1_OID)).isNotNull();
    assertThat(v1.getExtensionValue(TestFulcio.ISSUER_V2_OID)).isNull();
    assertThat(v2.getExtensionValue(TestFulcio.ISSUER_V1_OID)).isNull();
    assertThat(v2.getExtensionValue(TestFulcio.ISSUER_V2_OID)).isNotNull();
    assertThat(none.getExtensionValue(TestFulcio.ISSUER_V1_OID)).isNull();
    assertThat(none.getExtensionValue(TestFulcio.ISSUER_V2_OID)).isNull();
  }

  @Test
  void expiredRequestGivesACertificateValidOnlyInThePast() {
    Instant past = SigstoreFixtures.DEFAULT_TIME.minus(Duration.ofHours(2));
    X509Certificate leaf =
        sigstore
            .fulcio()
            .issue(LeafRequest.of(Identity.email("a@b.test"), ISSUER).withNotBefore(past))
            .leaf();

    assertThat(leaf.getNotAfter().toInstant()).isEqualTo(past.plus(Duration.ofMinutes(10)));
    assertThat(leaf.getNotAfter().toInstant()).isBefore(SigstoreFixtures.DEFAULT_TIME);
  }

  static CertPath path(List<X509Certificate> certificates) throws Exception {
    return CertificateFactory.getInstance("X.509").generateCertPath(certificates);
  }

  static byte[] extensionOctets(X509Certificate certificate, String oid) {
    return ASN1OctetString.getInstance(certificate.getExtensionValue(oid)).getOctets();
  }
}
