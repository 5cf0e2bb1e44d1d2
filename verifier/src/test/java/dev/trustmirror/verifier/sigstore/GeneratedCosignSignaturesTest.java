package dev.trustmirror.verifier.sigstore;

import static dev.trustmirror.verifier.sigstore.Fixtures.IMAGE;
import static dev.trustmirror.verifier.sigstore.Fixtures.LATER;
import static dev.trustmirror.verifier.sigstore.Fixtures.SIGNED;
import static dev.trustmirror.verifier.sigstore.Fixtures.SIGSTORE;
import static dev.trustmirror.verifier.sigstore.Fixtures.certificate;
import static dev.trustmirror.verifier.sigstore.Fixtures.digest;
import static dev.trustmirror.verifier.sigstore.Fixtures.layer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.sigstore.CosignBreakage;
import dev.trustmirror.testkit.sigstore.FulcioCertificate;
import dev.trustmirror.testkit.sigstore.Identity;
import dev.trustmirror.testkit.sigstore.IssuerExtensions;
import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.LeafRequest;
import dev.trustmirror.testkit.sigstore.SctMode;
import dev.trustmirror.testkit.sigstore.SignatureLayer;
import dev.trustmirror.testkit.sigstore.SigningKey;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.testkit.sigstore.TestCtLog;
import dev.trustmirror.testkit.sigstore.TestFulcio;
import dev.trustmirror.testkit.sigstore.TrustedRootBuilder;
import dev.trustmirror.verifier.trust.TrustedRoot;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * cosign signature layers made by the testkit's private Sigstore (test Fulcio with SCTs, Rekor with
 * SETs, TSA): every positive case and, for each fault the testkit builds in, the exact code.
 */
class GeneratedCosignSignaturesTest {

  private static Verdict verify(SignatureVerifier verifier, SignatureLayer... layers) {
    return verifier.verifyCosign(
        digest(IMAGE), java.util.Arrays.stream(layers).map(Fixtures::layer).toList());
  }

  private static SignatureLayer keyless(CosignBreakage breakage) {
    return SIGSTORE
        .cosign()
        .request(IMAGE)
        .certificate(certificate())
        .transparencyLog(true)
        .breakage(breakage)
        .sign();
  }

  // ---- key-based

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void verifiesKeyBasedSignatureWithRekorSetForEveryKeyAlgorithm(KeyAlgorithm algorithm) {
    SigningKey key = SIGSTORE.newKey(algorithm);
    SignatureLayer layer = SIGSTORE.cosign().keyBasedWithTlog(IMAGE, key);

    Verdict verdict = verify(Fixtures.keys(false, Fixtures.key(key, "cosign.pub")), layer);

    assertThat(verdict.verified()).as(verdict.summary()).isTrue();
    assertThat(verdict.match().orElseThrow().authority()).isEqualTo("key 1");
    assertThat(verdict.match().orElseThrow().timeSource()).isEqualTo(TimeSource.TLOG);
    assertThat(verdict.match().orElseThrow().signingTime()).isEqualTo(SIGNED);
  }

  @Test
  void verifiesWithTheLastKeyOfARotatedKeyList() {
    SigningKey old1 = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
    SigningKey old2 = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
    SigningKey current = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
    SignatureLayer layer = SIGSTORE.cosign().keyBasedWithTlog(IMAGE, current);

    Verdict verdict =
        verify(
            Fixtures.keys(
                false,
                Fixtures.key(old1, "2024.pub"),
                Fixtures.key(old2, "2025.pub"),
                Fixtures.key(current, "2026.pub")),
            layer);

    assertThat(verdict.match().orElseThrow().authority()).isEqualTo("key 3");
    assertThat(verdict.match().orElseThrow().signer()).startsWith("2026.pub sha256:");
    assertThat(verdict.codes())
        .containsExactly(RefusalCode.SIGNATURE_INVALID, RefusalCode.SIGNATURE_INVALID);
  }

  @Test
  void refusesKeyBasedSignatureByAnotherKey() {
    SignatureLayer layer =
        SIGSTORE.cosign().keyBasedWithTlog(IMAGE, SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256));
    VerificationKey other = Fixtures.key(SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256), "other.pub");

    assertThat(verify(Fixtures.keys(false, other), layer).codes())
        .containsExactly(RefusalCode.SIGNATURE_INVALID);
  }

  @Test
  void refusesKeyBasedSignatureWithoutLogEntryUnlessTheLogIsIgnored() {
    SigningKey key = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
    SignatureLayer layer = SIGSTORE.cosign().keyBased(IMAGE, key);

    assertThat(verify(Fixtures.keys(false, Fixtures.key(key, "k")), layer).codes())
        .containsExactly(RefusalCode.TLOG_ENTRY_MISSING);
    Verdict ignored = verify(Fixtures.keys(true, Fixtures.key(key, "k")), layer);
    assertThat(ignored.verified()).isTrue();
    assertThat(ignored.match().orElseThrow().timeSource()).isEqualTo(TimeSource.NOW);
  }

  @Test
  void refusesKeyBasedLogEntryOfAnotherKeySignature() {
    SigningKey key = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
    SignatureLayer layer =
        SIGSTORE
            .cosign()
            .request(IMAGE)
            .key(key)
            .transparencyLog(true)
            .breakage(CosignBreakage.ENTRY_FOR_OTHER_SIGNATURE)
            .sign();

    assertThat(verify(Fixtures.keys(false, Fixtures.key(key, "k")), layer).codes())
        .containsExactly(RefusalCode.TLOG_ENTRY_MISMATCH);
  }

  // ---- keyless

  @Test
  void verifiesKeylessSignatureAtTheRekorIntegratedTime() {
    Verdict verdict = verify(Fixtures.keyless(false, LATER), keyless(CosignBreakage.NONE));

    assertThat(verdict.verified()).as(verdict.summary()).isTrue();
    Verdict.Match match = verdict.match().orElseThrow();
    assertThat(match.authority())
        .isEqualTo("keyless issuer=https://accounts.example.com/subject=dev@example.com");
    assertThat(match.signer()).isEqualTo("https://accounts.example.com/dev@example.com");
    assertThat(match.signingTime()).isEqualTo(SIGNED);
    assertThat(match.timeSource()).isEqualTo(TimeSource.TLOG);
  }

  @ParameterizedTest
  @EnumSource(
      value = IssuerExtensions.class,
      names = {"V1_ONLY", "V2_ONLY"})
  void readsTheIssuerFromEitherFulcioExtension(IssuerExtensions extensions) {
    FulcioCertificate certificate =
        SIGSTORE
            .fulcio()
            .issue(
                LeafRequest.of(Identity.email(Fixtures.EMAIL), Fixtures.ISSUER)
                    .withIssuerExtensions(extensions));
    SignatureLayer layer = SIGSTORE.cosign().keyless(IMAGE, certificate);

    assertThat(verify(Fixtures.keyless(false, LATER), layer).verified()).isTrue();
  }

  @Test
  void refusesCertificateWithoutIssuerExtension() {
    FulcioCertificate certificate =
        SIGSTORE
            .fulcio()
            .issue(
                LeafRequest.of(Identity.email(Fixtures.EMAIL), Fixtures.ISSUER)
                    .withIssuerExtensions(IssuerExtensions.NONE));

    assertThat(
            verify(Fixtures.keyless(false, LATER), SIGSTORE.cosign().keyless(IMAGE, certificate))
                .codes())
        .containsExactly(RefusalCode.ISSUER_MISMATCH);
  }

  @Test
  void verifiesUriSubjectsWithARegularExpression() throws Exception {
    String workflow = "https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main";
    FulcioCertificate certificate =
        SIGSTORE
            .fulcio()
            .issue(
                LeafRequest.of(
                    Identity.uri(workflow), "https://token.actions.githubusercontent.com"));
    SignatureVerifier verifier =
        SignatureVerifier.create(
            VerificationPolicy.keyless(
                List.of(
                    new KeylessIdentity(
                        IdentityMatcher.exact("https://token.actions.githubusercontent.com"),
                        IdentityMatcher.regexp("https://github\\.com/org/repo/.*"))),
                false,
                Fixtures.trustedRoot()),
            LATER);

    Verdict verdict = verify(verifier, SIGSTORE.cosign().keyless(IMAGE, certificate));

    assertThat(verdict.verified()).as(verdict.summary()).isTrue();
    assertThat(verdict.match().orElseThrow().authority())
        .isEqualTo(
            "keyless issuer=https://token.actions.githubusercontent.com"
                + "/subject~https://github\\.com/org/repo/.*");
  }

  @Test
  void refusesWrongSubjectAndWrongIssuerWithTheirCodes() {
    SignatureLayer layer = keyless(CosignBreakage.NONE);
    SignatureVerifier subject =
        SignatureVerifier.create(
            VerificationPolicy.keyless(
                List.of(Fixtures.identity(Fixtures.ISSUER, "eve@example.com")),
                false,
                Fixtures.trustedRoot()),
            LATER);
    SignatureVerifier issuer =
        SignatureVerifier.create(
            VerificationPolicy.keyless(
                List.of(Fixtures.identity("https://evil.example.com", Fixtures.EMAIL)),
                false,
                Fixtures.trustedRoot()),
            LATER);

    assertThat(verify(subject, layer).codes()).containsExactly(RefusalCode.SUBJECT_MISMATCH);
    assertThat(verify(issuer, layer).codes()).containsExactly(RefusalCode.ISSUER_MISMATCH);
  }

  @Test
  void refusesCertificateOfAnUntrustedCa() {
    SigstoreFixtures other = SigstoreFixtures.create(99, SIGNED);
    FulcioCertificate foreign =
        other.fulcio().issue(LeafRequest.of(Identity.email(Fixtures.EMAIL), Fixtures.ISSUER));
    // logged in our Rekor, so only the CA is wrong
    SignatureLayer layer = SIGSTORE.cosign().keyless(IMAGE, foreign);

    Verdict verdict = verify(Fixtures.keyless(false, LATER), layer);

    assertThat(verdict.codes()).containsExactly(RefusalCode.UNTRUSTED_CA);
    assertThat(verdict.reasons().get(0).toString())
        .startsWith("signature 1, keyless: the certificate was issued by an unknown CA");
  }

  @Test
  void refusesCertificateOfACaNotValidAtTheSigningTime() {
    TrustedRoot root =
        Fixtures.trustedRoot(
            TrustedRootBuilder.create()
                .transparencyLog(SIGSTORE.rekor())
                .ctLog(SIGSTORE.ctLog())
                .certificateAuthority(
                    SIGSTORE.fulcio(),
                    SIGSTORE.fulcio().validFrom(),
                    Optional.of(SIGNED.minus(Duration.ofHours(1)))));

    Verdict verdict = verify(Fixtures.keyless(false, LATER, root), keyless(CosignBreakage.NONE));

    assertThat(verdict.codes()).containsExactly(RefusalCode.CA_NOT_VALID_AT_SIGNING_TIME);
  }

  @Test
  void refusesCertificateThatWasNotValidAtTheIntegratedTime() {
    FulcioCertificate late =
        SIGSTORE
            .fulcio()
            .issue(
                LeafRequest.of(Identity.email(Fixtures.EMAIL), Fixtures.ISSUER)
                    .withNotBefore(SIGNED.plus(Duration.ofHours(1))));

    Verdict verdict =
        verify(Fixtures.keyless(false, LATER), SIGSTORE.cosign().keyless(IMAGE, late));

    assertThat(verdict.codes()).containsExactly(RefusalCode.CERTIFICATE_NOT_VALID_AT_SIGNING_TIME);
  }

  @ParameterizedTest
  @EnumSource(
      value = SctMode.class,
      names = {"NONE", "UNKNOWN_LOG", "INVALID_SIGNATURE"})
  void refusesMissingOrBadSct(SctMode mode) {
    FulcioCertificate certificate =
        SIGSTORE
            .fulcio()
            .issue(LeafRequest.of(Identity.email(Fixtures.EMAIL), Fixtures.ISSUER).withSct(mode));

    Verdict verdict =
        verify(Fixtures.keyless(false, LATER), SIGSTORE.cosign().keyless(IMAGE, certificate));

    assertThat(verdict.codes())
        .containsExactly(mode == SctMode.NONE ? RefusalCode.SCT_MISSING : RefusalCode.SCT_INVALID);
  }

  @Test
  void refusesSctOfACtLogNotValidAtTheSctTime() {
    TestCtLog ct = SIGSTORE.ctLog();
    TrustedRoot root =
        Fixtures.trustedRoot(
            TrustedRootBuilder.create()
                .transparencyLog(SIGSTORE.rekor())
                .certificateAuthority(SIGSTORE.fulcio())
                .ctLog(ct, ct.validFrom(), Optional.of(SIGNED.minus(Duration.ofMinutes(1)))));

    assertThat(verify(Fixtures.keyless(false, LATER, root), keyless(CosignBreakage.NONE)).codes())
        .containsExactly(RefusalCode.SCT_INVALID);
  }

  @Test
  void refusesEntriesOfALogKeyNotValidAtTheIntegratedTime() {
    TrustedRoot root =
        Fixtures.trustedRoot(
            TrustedRootBuilder.create()
                .transparencyLog(
                    SIGSTORE.rekor(), SIGNED.plus(Duration.ofMinutes(1)), Optional.empty())
                .certificateAuthority(SIGSTORE.fulcio())
                .ctLog(SIGSTORE.ctLog()));

    assertThat(verify(Fixtures.keyless(false, LATER, root), keyless(CosignBreakage.NONE)).codes())
        .containsExactly(RefusalCode.TLOG_UNKNOWN);
  }

  @ParameterizedTest
  @EnumSource(
      value = CosignBreakage.class,
      names = {
        "PAYLOAD_DIGEST_MISMATCH",
        "WRONG_TYPE",
        "TAMPERED_PAYLOAD",
        "SIGNATURE_OVER_OTHER_BYTES",
        "SET_BY_UNKNOWN_LOG",
        "BAD_SET",
        "ENTRY_FOR_OTHER_SIGNATURE"
      })
  void refusesEachKeylessBreakageWithItsCode(CosignBreakage breakage) {
    RefusalCode expected =
        switch (breakage) {
          case PAYLOAD_DIGEST_MISMATCH -> RefusalCode.PAYLOAD_DIGEST_MISMATCH;
          case WRONG_TYPE -> RefusalCode.PAYLOAD_WRONG_TYPE;
          case TAMPERED_PAYLOAD, SIGNATURE_OVER_OTHER_BYTES -> RefusalCode.SIGNATURE_INVALID;
          case SET_BY_UNKNOWN_LOG -> RefusalCode.TLOG_UNKNOWN;
          case BAD_SET -> RefusalCode.SET_INVALID;
          case ENTRY_FOR_OTHER_SIGNATURE -> RefusalCode.TLOG_ENTRY_MISMATCH;
          default -> throw new IllegalArgumentException(breakage.name());
        };

    Verdict verdict = verify(Fixtures.keyless(false, LATER), keyless(breakage));

    assertThat(verdict.verified()).isFalse();
    assertThat(verdict.codes()).containsExactly(expected);
  }

  @Test
  void refusesKeylessSignatureWithoutLogEntryWhenTheLogIsRequired() {
    SignatureLayer layer = SIGSTORE.cosign().keylessWithoutTlog(IMAGE, certificate(), true);

    assertThat(verify(Fixtures.keyless(false, LATER), layer).codes())
        .containsExactly(RefusalCode.TLOG_ENTRY_MISSING);
  }

  // ---- keyless, ignoreTlog

  @Test
  void verifiesKeylessSignatureUnderIgnoreTlogAtTheTimestampTime() {
    SignatureLayer layer = SIGSTORE.cosign().keylessWithoutTlog(IMAGE, certificate(), true);

    Verdict verdict = verify(Fixtures.keyless(true, LATER), layer);

    assertThat(verdict.verified()).as(verdict.summary()).isTrue();
    assertThat(verdict.match().orElseThrow().timeSource()).isEqualTo(TimeSource.TSA);
    assertThat(verdict.match().orElseThrow().signingTime()).isEqualTo(SIGNED);
  }

  @Test
  void refusesExpiredCertificateUnderIgnoreTlogWithoutTimestamp() {
    SignatureLayer layer = SIGSTORE.cosign().keylessWithoutTlog(IMAGE, certificate(), false);

    Verdict verdict = verify(Fixtures.keyless(true, LATER), layer);

    assertThat(verdict.codes()).containsExactly(RefusalCode.CERTIFICATE_NOT_VALID_NOW);
    assertThat(verdict.reasons().get(0).message()).contains("cosign's semantics");
  }

  @Test
  void acceptsCertificateValidNowUnderIgnoreTlogWithoutTimestamp() {
    SignatureLayer layer = SIGSTORE.cosign().keylessWithoutTlog(IMAGE, certificate(), false);
    Clock during = Clock.fixed(SIGNED.plus(Duration.ofMinutes(5)), ZoneOffset.UTC);

    Verdict verdict = verify(Fixtures.keyless(true, during), layer);

    assertThat(verdict.verified()).as(verdict.summary()).isTrue();
    assertThat(verdict.match().orElseThrow().timeSource()).isEqualTo(TimeSource.NOW);
  }

  @ParameterizedTest
  @EnumSource(
      value = CosignBreakage.class,
      names = {"TIMESTAMP_FOR_OTHER_SIGNATURE", "TIMESTAMP_BY_UNKNOWN_TSA"})
  void refusesBadTimestampsUnderIgnoreTlog(CosignBreakage breakage) {
    SignatureLayer layer =
        SIGSTORE
            .cosign()
            .request(IMAGE)
            .certificate(certificate())
            .timestamp(true)
            .breakage(breakage)
            .sign();

    assertThat(verify(Fixtures.keyless(true, LATER), layer).codes())
        .containsExactly(
            breakage == CosignBreakage.TIMESTAMP_FOR_OTHER_SIGNATURE
                ? RefusalCode.TIMESTAMP_INVALID
                : RefusalCode.TIMESTAMP_UNTRUSTED);
  }

  @Test
  void refusesTimestampOfATsaThatTheTrustedRootLacks() {
    SignatureLayer layer = SIGSTORE.cosign().keylessWithoutTlog(IMAGE, certificate(), true);
    TrustedRoot withoutTsa =
        Fixtures.trustedRoot(
            TrustedRootBuilder.create()
                .transparencyLog(SIGSTORE.rekor())
                .certificateAuthority(SIGSTORE.fulcio())
                .ctLog(SIGSTORE.ctLog()));

    assertThat(verify(Fixtures.keyless(true, LATER, withoutTsa), layer).codes())
        .containsExactly(RefusalCode.TIMESTAMP_UNTRUSTED);
  }

  @Test
  void refusesCaWhoseValidityEndedBeforeTheTimestampUnderIgnoreTlog() {
    SignatureLayer layer = SIGSTORE.cosign().keylessWithoutTlog(IMAGE, certificate(), true);
    TestFulcio fulcio = SIGSTORE.fulcio();
    TrustedRoot root =
        Fixtures.trustedRoot(
            TrustedRootBuilder.create()
                .certificateAuthority(
                    fulcio, fulcio.validFrom(), Optional.of(SIGNED.minusSeconds(1)))
                .ctLog(SIGSTORE.ctLog())
                .timestampAuthority(SIGSTORE.tsa()));

    assertThat(verify(Fixtures.keyless(true, LATER, root), layer).codes())
        .containsExactly(RefusalCode.CA_NOT_VALID_AT_SIGNING_TIME);
  }
}
