package dev.trustmirror.verifier.sigstore;

import static dev.trustmirror.verifier.sigstore.Fixtures.IMAGE;
import static dev.trustmirror.verifier.sigstore.Fixtures.LATER;
import static dev.trustmirror.verifier.sigstore.Fixtures.SIGNED;
import static dev.trustmirror.verifier.sigstore.Fixtures.SIGSTORE;
import static dev.trustmirror.verifier.sigstore.Fixtures.certificate;
import static dev.trustmirror.verifier.sigstore.Fixtures.digest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.sigstore.BundleBreakage;
import dev.trustmirror.testkit.sigstore.BundleRequest;
import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.SigningKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sigstore bundles (v0.3, as cosign attaches them as OCI referrers) made by the testkit: message
 * signatures and DSSE envelopes, keyless and key-based, with inclusion proof, checkpoint, SET and
 * optional RFC 3161 timestamp; each fault the testkit builds in gives its exact code.
 */
class GeneratedBundlesTest {

  private static Verdict verify(SignatureVerifier verifier, String bundle) {
    return verifier.verifyBundles(digest(IMAGE), List.of(bundle.getBytes(StandardCharsets.UTF_8)));
  }

  private static BundleRequest keyless(boolean dsse) {
    return SIGSTORE.bundles().request(IMAGE).certificate(certificate()).dsse(dsse);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void verifiesKeylessBundle(boolean dsse) {
    Verdict verdict = verify(Fixtures.keyless(false, LATER), keyless(dsse).build());

    assertThat(verdict.verified()).as(verdict.summary()).isTrue();
    assertThat(verdict.match().orElseThrow().timeSource()).isEqualTo(TimeSource.TLOG);
    assertThat(verdict.match().orElseThrow().signingTime()).isEqualTo(SIGNED);
    assertThat(verdict.match().orElseThrow().authority())
        .isEqualTo("keyless issuer=https://accounts.example.com/subject=dev@example.com");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void verifiesKeylessBundleWithTimestampWithAndWithoutTheLog(boolean dsse) {
    String bundle = keyless(dsse).timestamp(true).build();

    Verdict withLog = verify(Fixtures.keyless(false, LATER), bundle);
    Verdict withoutLog = verify(Fixtures.keyless(true, LATER), bundle);

    assertThat(withLog.verified()).as(withLog.summary()).isTrue();
    assertThat(withLog.match().orElseThrow().timeSource()).isEqualTo(TimeSource.TLOG);
    assertThat(withoutLog.verified()).as(withoutLog.summary()).isTrue();
    assertThat(withoutLog.match().orElseThrow().timeSource()).isEqualTo(TimeSource.TSA);
  }

  @Test
  void refusesKeylessBundleWithoutTimestampUnderIgnoreTlogOnceTheCertificateExpired() {
    assertThat(verify(Fixtures.keyless(true, LATER), keyless(false).build()).codes())
        .containsExactly(RefusalCode.CERTIFICATE_NOT_VALID_NOW);
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyAlgorithm.class,
      names = {"ECDSA_P256", "ECDSA_P384", "RSA_2048"})
  void verifiesKeyBasedMessageSignatureBundleAgainstTheImageDigest(KeyAlgorithm algorithm) {
    SigningKey key = SIGSTORE.newKey(algorithm);
    String bundle = SIGSTORE.bundles().request(IMAGE).key(key).build();

    Verdict verdict = verify(Fixtures.keys(false, Fixtures.key(key, "k.pub")), bundle);

    assertThat(verdict.verified()).as(verdict.summary()).isTrue();
    assertThat(verdict.match().orElseThrow().authority()).isEqualTo("key 1");
  }

  @Test
  void verifiesKeyBasedDsseBundle() {
    SigningKey key = SIGSTORE.newKey(KeyAlgorithm.ED25519);
    String bundle = SIGSTORE.bundles().request(IMAGE).key(key).dsse(true).build();

    Verdict verdict = verify(Fixtures.keys(false, Fixtures.key(key, "k.pub")), bundle);

    assertThat(verdict.verified()).as(verdict.summary()).isTrue();
  }

  @Test
  void refusesKeyBasedBundleUnderAKeylessPolicy() {
    SigningKey key = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
    String bundle = SIGSTORE.bundles().request(IMAGE).key(key).build();

    assertThat(verify(Fixtures.keyless(false, LATER), bundle).codes())
        .containsExactly(RefusalCode.CERTIFICATE_MISSING);
  }

  @ParameterizedTest
  @EnumSource(value = BundleBreakage.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
  void refusesEachMessageSignatureBreakageWithItsCode(BundleBreakage breakage) {
    assertBreakage(breakage, false);
  }

  @ParameterizedTest
  @EnumSource(value = BundleBreakage.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
  void refusesEachDsseBreakageWithItsCode(BundleBreakage breakage) {
    assertBreakage(breakage, true);
  }

  private static void assertBreakage(BundleBreakage breakage, boolean dsse) {
    RefusalCode expected =
        switch (breakage) {
          case DIGEST_MISMATCH -> RefusalCode.PAYLOAD_DIGEST_MISMATCH;
          case SIGNATURE_OVER_OTHER_BYTES -> RefusalCode.SIGNATURE_INVALID;
          case BAD_INCLUSION_PROOF -> RefusalCode.INCLUSION_PROOF_INVALID;
          case BAD_CHECKPOINT_SIGNATURE, CHECKPOINT_ROOT_MISMATCH -> RefusalCode.CHECKPOINT_INVALID;
          case SET_BY_UNKNOWN_LOG -> RefusalCode.TLOG_UNKNOWN;
          case BAD_SET -> RefusalCode.SET_INVALID;
          case ENTRY_FOR_OTHER_SIGNATURE -> RefusalCode.TLOG_ENTRY_MISMATCH;
          case TIMESTAMP_FOR_OTHER_SIGNATURE -> RefusalCode.TIMESTAMP_INVALID;
          case NONE -> throw new IllegalArgumentException();
        };
    String bundle =
        keyless(dsse)
            .timestamp(breakage == BundleBreakage.TIMESTAMP_FOR_OTHER_SIGNATURE)
            .breakage(breakage)
            .build();

    Verdict verdict = verify(Fixtures.keyless(false, LATER), bundle);

    assertThat(verdict.verified()).isFalse();
    assertThat(verdict.codes()).containsExactly(expected);
  }

  @Test
  void verifiesArtifactBytesAgainstABundleOfTheirDigest() {
    byte[] manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
            .getBytes(StandardCharsets.UTF_8);
    String bundle = keyless(false).build();

    Verdict verdict =
        Fixtures.keyless(false, LATER)
            .verifyArtifact(manifest, bundle.getBytes(StandardCharsets.UTF_8));

    assertThat(verdict.verified()).as(verdict.summary()).isTrue();
    assertThat(verdict.image()).isEqualTo(digest(IMAGE));
  }

  @Test
  void countsBundlesAfterCosignLayersAndAcceptsAnyValidOne() {
    Verdict verdict =
        Fixtures.keyless(false, LATER)
            .verify(
                digest(IMAGE),
                List.of(
                    Fixtures.layer(
                        SIGSTORE.cosign().keylessWithoutTlog(IMAGE, certificate(), false))),
                List.of(keyless(true).build().getBytes(StandardCharsets.UTF_8)));

    assertThat(verdict.match().orElseThrow().signature()).isEqualTo(2);
    assertThat(verdict.reasons()).hasSize(1);
    assertThat(verdict.reasons().get(0).signature()).isEqualTo(1);
    assertThat(verdict.codes()).containsExactly(RefusalCode.TLOG_ENTRY_MISSING);
  }
}
