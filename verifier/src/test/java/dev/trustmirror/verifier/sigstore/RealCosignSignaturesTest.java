package dev.trustmirror.verifier.sigstore;

import static dev.trustmirror.verifier.sigstore.RealData.DIGEST_ERROR;
import static dev.trustmirror.verifier.sigstore.RealData.EMAIL;
import static dev.trustmirror.verifier.sigstore.RealData.ISSUER;
import static dev.trustmirror.verifier.sigstore.RealData.KEYLESS;
import static dev.trustmirror.verifier.sigstore.RealData.KEY_NO_REKOR;
import static dev.trustmirror.verifier.sigstore.RealData.KEY_REKOR;
import static dev.trustmirror.verifier.sigstore.RealData.MIXED;
import static dev.trustmirror.verifier.sigstore.RealData.MODIFIED_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.verifier.registry.Digest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every real cosign signature of {@code shared/testdata/cosign-real} against the real trusted root
 * of Sigstore's TUF repository (history point 02), with the clock pinned: the expected verdict and,
 * for refusals, the exact codes.
 */
class RealCosignSignaturesTest {
  private static final Instant SIGNED = Instant.ofEpochSecond(1674247893); // Rekor integrated time

  private static KeylessIdentity identity(String issuer, String subject) {
    return new KeylessIdentity(IdentityMatcher.exact(issuer), IdentityMatcher.exact(subject));
  }

  private static SignatureVerifier keyless(
      boolean ignoreTlog, Clock clock, KeylessIdentity... ids) {
    return SignatureVerifier.create(
        VerificationPolicy.keyless(List.of(ids), ignoreTlog, RealData.trustedRoot()), clock);
  }

  private static SignatureVerifier keys(boolean ignoreTlog, String... files) {
    List<VerificationKey> keys = java.util.Arrays.stream(files).map(RealData::key).toList();
    return SignatureVerifier.create(
        VerificationPolicy.keys(keys, ignoreTlog, RealData.trustedRoot()), RealData.CLOCK);
  }

  private static Verdict verify(SignatureVerifier verifier, String fixture) {
    return verifier.verifyCosign(RealData.manifestDigest(fixture), RealData.layers(fixture));
  }

  @Test
  void verifiesRealKeylessSignatureByItsRekorIntegratedTimeLongAfterTheCertificateExpired() {
    Verdict verdict = verify(keyless(false, RealData.CLOCK, identity(ISSUER, EMAIL)), KEYLESS);

    assertThat(verdict.verified()).as(verdict.summary()).isTrue();
    Verdict.Match match = verdict.match().orElseThrow();
    assertThat(match.signature()).isEqualTo(1);
    assertThat(match.authority())
        .isEqualTo("keyless issuer=https://github.com/login/oauth/subject=mitr@redhat.com");
    assertThat(match.signer()).isEqualTo(ISSUER + "/" + EMAIL);
    assertThat(match.signingTime()).isEqualTo(SIGNED);
    assertThat(match.timeSource()).isEqualTo(TimeSource.TLOG);
    assertThat(verdict.image()).isEqualTo(RealData.manifestDigest(KEYLESS));
  }

  @Test
  void verifiesRealKeylessSignatureWithRegularExpressionsThatMatchWholeValues() throws Exception {
    KeylessIdentity regexp =
        new KeylessIdentity(
            IdentityMatcher.regexp("https://github\\.com/.*"),
            IdentityMatcher.regexp(".*@redhat\\.com"));
    assertThat(verify(keyless(false, RealData.CLOCK, regexp), KEYLESS).verified()).isTrue();

    KeylessIdentity partial =
        new KeylessIdentity(
            IdentityMatcher.regexp("https://github\\.com/.*"), IdentityMatcher.regexp("mitr"));
    assertThat(verify(keyless(false, RealData.CLOCK, partial), KEYLESS).codes())
        .containsExactly(RefusalCode.SUBJECT_MISMATCH);
  }

  @Test
  void refusesRealKeylessSignatureForAnotherSubject() {
    Verdict verdict =
        verify(keyless(false, RealData.CLOCK, identity(ISSUER, "someone@redhat.com")), KEYLESS);

    assertThat(verdict.verified()).isFalse();
    assertThat(verdict.codes()).containsExactly(RefusalCode.SUBJECT_MISMATCH);
    assertThat(verdict.reasons().get(0).authority())
        .contains("keyless issuer=https://github.com/login/oauth/subject=someone@redhat.com");
  }

  @Test
  void refusesRealKeylessSignatureFromAnotherIssuer() {
    Verdict verdict =
        verify(
            keyless(false, RealData.CLOCK, identity("https://accounts.google.com", EMAIL)),
            KEYLESS);

    assertThat(verdict.codes()).containsExactly(RefusalCode.ISSUER_MISMATCH);
  }

  @Test
  void acceptsWhenAnyOfSeveralIdentitiesMatchesAndNamesThatOne() {
    Verdict verdict =
        verify(
            keyless(
                false,
                RealData.CLOCK,
                identity(ISSUER, "other@example.com"),
                identity(ISSUER, EMAIL)),
            KEYLESS);

    assertThat(verdict.match().orElseThrow().authority()).endsWith("/subject=mitr@redhat.com");
    assertThat(verdict.codes()).containsExactly(RefusalCode.SUBJECT_MISMATCH);
  }

  @Test
  void refusesRealKeylessSignatureUnderIgnoreTlogWithoutTimestampBecauseTheCertificateExpired() {
    Verdict verdict = verify(keyless(true, RealData.CLOCK, identity(ISSUER, EMAIL)), KEYLESS);

    assertThat(verdict.codes()).containsExactly(RefusalCode.CERTIFICATE_NOT_VALID_NOW);
    assertThat(verdict.reasons().get(0).message())
        .contains("must be valid now")
        .contains("cosign's semantics");
  }

  @Test
  void acceptsRealKeylessSignatureUnderIgnoreTlogWhileTheCertificateIsStillValid() {
    Instant duringValidity = SIGNED.plusSeconds(60);
    Verdict verdict =
        verify(
            keyless(true, Clock.fixed(duringValidity, ZoneOffset.UTC), identity(ISSUER, EMAIL)),
            KEYLESS);

    assertThat(verdict.verified()).as(verdict.summary()).isTrue();
    assertThat(verdict.match().orElseThrow().timeSource()).isEqualTo(TimeSource.NOW);
    assertThat(verdict.match().orElseThrow().signingTime()).isEqualTo(duringValidity);
  }

  @Test
  void verifiesRealKeyBasedSignatureWithItsRekorSet() {
    Verdict verdict = verify(keys(false, "cosign2.pub"), KEY_REKOR);

    assertThat(verdict.verified()).as(verdict.summary()).isTrue();
    assertThat(verdict.match().orElseThrow().authority()).isEqualTo("key 1");
    assertThat(verdict.match().orElseThrow().signingTime())
        .isEqualTo(Instant.ofEpochSecond(1674251859));
    assertThat(verdict.match().orElseThrow().timeSource()).isEqualTo(TimeSource.TLOG);
    assertThat(verdict.match().orElseThrow().signer()).startsWith("cosign2.pub sha256:");
  }

  @Test
  void verifiesWithTheSecondKeyOfARotatedKeyList() {
    Verdict verdict = verify(keys(false, "cosign.pub", "cosign2.pub"), KEY_REKOR);

    assertThat(verdict.match().orElseThrow().authority()).isEqualTo("key 2");
    assertThat(verdict.reasons()).hasSize(1);
    assertThat(verdict.reasons().get(0).authority()).contains("key 1");
    assertThat(verdict.codes()).containsExactly(RefusalCode.SIGNATURE_INVALID);
  }

  @Test
  void refusesRealKeyBasedSignatureWithTheWrongKey() {
    Verdict verdict = verify(keys(false, "cosign.pub"), KEY_REKOR);

    assertThat(verdict.codes()).containsExactly(RefusalCode.SIGNATURE_INVALID);
    assertThat(verdict.reasons().get(0).toString())
        .startsWith("signature 1, key 1: the signature does not verify with key 1");
  }

  @Test
  void refusesKeyBasedSignatureWithoutRekorEntryUnlessTheLogIsIgnored() {
    assertThat(verify(keys(false, "cosign.pub"), KEY_NO_REKOR).codes())
        .containsExactly(RefusalCode.TLOG_ENTRY_MISSING);

    Verdict ignored = verify(keys(true, "cosign.pub"), KEY_NO_REKOR);
    assertThat(ignored.verified()).as(ignored.summary()).isTrue();
    assertThat(ignored.match().orElseThrow().timeSource()).isEqualTo(TimeSource.NOW);
    assertThat(ignored.match().orElseThrow().signingTime()).isEqualTo(RealData.NOW);
  }

  @Test
  void verifiesTheValidSignatureOfAMixedSetAndKeepsTheReasonOfTheOther() {
    Verdict verdict = verify(keys(true, "cosign.pub"), MIXED);

    assertThat(verdict.match().orElseThrow().signature()).isEqualTo(2);
    assertThat(verdict.reasons()).hasSize(1);
    assertThat(verdict.reasons().get(0).signature()).isEqualTo(1);
    assertThat(verdict.codes()).containsExactly(RefusalCode.SIGNATURE_INVALID);
  }

  @Test
  void refusesSignaturesOfAModifiedManifest() {
    assertThat(verify(keys(true, "cosign.pub"), MODIFIED_MANIFEST).codes())
        .containsExactly(RefusalCode.PAYLOAD_DIGEST_MISMATCH);
    assertThat(verify(keys(true, "cosign.pub"), DIGEST_ERROR).codes())
        .containsExactly(RefusalCode.PAYLOAD_DIGEST_MISMATCH);
  }

  @Test
  void refusesAnImageWithoutSignatures() {
    Verdict verdict =
        keys(false, "cosign.pub").verifyCosign(RealData.manifestDigest(KEYLESS), List.of());

    assertThat(verdict.codes()).containsExactly(RefusalCode.NO_SIGNATURE);
    assertThat(verdict.reasons().get(0).signature()).isZero();
  }

  @Test
  void refusesRealKeylessSignatureWhoseSetWasAltered() {
    CosignLayer layer = RealData.layers(KEYLESS).get(0);
    String bundle = layer.annotations().get(CosignLayer.BUNDLE);
    // the SET is the first base64 value: change one character inside it
    int at = bundle.indexOf("\"SignedEntryTimestamp\":\"") + 30;
    char c = bundle.charAt(at);
    String altered = bundle.substring(0, at) + (c == 'A' ? 'B' : 'A') + bundle.substring(at + 1);

    Verdict verdict = verifyWith(layer, CosignLayer.BUNDLE, altered);

    assertThat(verdict.codes()).containsExactly(RefusalCode.SET_INVALID);
  }

  @Test
  void refusesRealKeylessSignatureCarryingTheRekorEntryOfAnotherSignature() {
    CosignLayer layer = RealData.layers(KEYLESS).get(0);
    String otherEntry = RealData.layers(KEY_REKOR).get(0).annotations().get(CosignLayer.BUNDLE);

    Verdict verdict = verifyWith(layer, CosignLayer.BUNDLE, otherEntry);

    // the SET is valid (a real one) but it is about another signature and key
    assertThat(verdict.codes()).containsExactly(RefusalCode.TLOG_ENTRY_MISMATCH);
  }

  @Test
  void refusesRealKeylessSignatureWithoutItsCertificate() {
    CosignLayer layer = RealData.layers(KEYLESS).get(0);
    Map<String, String> annotations = new HashMap<>(layer.annotations());
    annotations.remove(CosignLayer.CERTIFICATE);

    Verdict verdict =
        keyless(false, RealData.CLOCK, identity(ISSUER, EMAIL))
            .verifyCosign(
                RealData.manifestDigest(KEYLESS),
                List.of(new CosignLayer(layer.payload(), annotations)));

    assertThat(verdict.codes()).containsExactly(RefusalCode.CERTIFICATE_MISSING);
  }

  @Test
  void refusesRealKeylessSignatureForAnotherImage() {
    Digest other = Digest.sha256(new byte[] {1, 2, 3});

    Verdict verdict =
        keyless(false, RealData.CLOCK, identity(ISSUER, EMAIL))
            .verifyCosign(other, RealData.layers(KEYLESS));

    assertThat(verdict.codes()).containsExactly(RefusalCode.PAYLOAD_DIGEST_MISMATCH);
    assertThat(verdict.image()).isEqualTo(other);
  }

  @Test
  void triesKeysThenKeylessAndReportsEveryReason() {
    SignatureVerifier verifier =
        SignatureVerifier.create(
            new VerificationPolicy(
                List.of(RealData.key("cosign.pub")),
                List.of(identity(ISSUER, "nobody@example.com")),
                false,
                RealData.trustedRoot()),
            RealData.CLOCK);

    Verdict verdict = verify(verifier, KEYLESS);

    assertThat(verdict.codes())
        .containsExactly(RefusalCode.SIGNATURE_INVALID, RefusalCode.SUBJECT_MISMATCH);
    assertThat(verdict.summary())
        .contains("signature 1, key 1: ")
        .contains("signature 1, keyless issuer=https://github.com/login/oauth/subject=nobody");
    assertThat(verdict.reasons().get(0).authority()).isEqualTo(Optional.of("key 1"));
  }

  private static Verdict verifyWith(CosignLayer layer, String annotation, String value) {
    Map<String, String> annotations = new HashMap<>(layer.annotations());
    annotations.put(annotation, value);
    return keyless(false, RealData.CLOCK, identity(ISSUER, EMAIL))
        .verifyCosign(
            RealData.manifestDigest(KEYLESS),
            List.of(new CosignLayer(layer.payload(), annotations)));
  }
}
