package dev.trustmirror.testkit.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** sigstore-java 2.0.0's KeylessVerifier, built from our trusted_root.json, judges our bundles. */
class KeylessBundleFidelityTest {

  static final String EMAIL = "signer@example.test";
  static final String ISSUER = "https://issuer.example.test";
  static final SignedImage IMAGE =
      SignedImage.ofManifest(
          "registry.test/team/app", "{\"manifest\":1}".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;

  SigstoreFixtures sigstore;
  FulcioCertificate certificate;
  KeylessVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    sigstore = SigstoreFixtures.create(7, SigstoreFixtures.DEFAULT_TIME);
    certificate = sigstore.fulcio().issue(LeafRequest.of(Identity.email(EMAIL), ISSUER));
    verifier = SigstoreJava.keylessVerifier(sigstore.trustedRoot(), dir);
  }

  @Test
  void acceptsMessageSignatureBundleForTheRightIdentity() throws Exception {
    String bundle = sigstore.bundles().messageSignature(IMAGE, certificate);

    assertThatCode(
            () ->
                verifier.verify(
                    IMAGE.digestBytes(),
                    SigstoreJava.bundle(bundle),
                    SigstoreJava.identity(EMAIL, ISSUER)))
        .doesNotThrowAnyException();
  }

  @Test
  void acceptsDsseBundleWithTimestamp() throws Exception {
    String bundle =
        sigstore
            .bundles()
            .request(IMAGE)
            .certificate(certificate)
            .dsse(true)
            .timestamp(true)
            .build();

    assertThatCode(
            () ->
                verifier.verify(
                    IMAGE.digestBytes(),
                    SigstoreJava.bundle(bundle),
                    SigstoreJava.identity(EMAIL, ISSUER)))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesWrongIdentityAndWrongIssuer() throws Exception {
    var bundle = SigstoreJava.bundle(sigstore.bundles().messageSignature(IMAGE, certificate));

    assertThatThrownBy(
            () ->
                verifier.verify(
                    IMAGE.digestBytes(), bundle, SigstoreJava.identity("x@y.test", ISSUER)))
        .isInstanceOf(KeylessVerificationException.class)
        .hasMessageContaining("No provided certificate identities matched");
    assertThatThrownBy(
            () ->
                verifier.verify(
                    IMAGE.digestBytes(), bundle, SigstoreJava.identity(EMAIL, "https://other")))
        .isInstanceOf(KeylessVerificationException.class)
        .hasMessageContaining("No provided certificate identities matched");
  }

  @ParameterizedTest
  @EnumSource(value = IssuerExtensions.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void sigstoreJavaReadsTheIssuerFromEitherExtensionAndAUriIdentity(IssuerExtensions issuers)
      throws Exception {
    String workflow = "https://github.com/org/repo/.github/workflows/release.yml@refs/tags/v1";
    FulcioCertificate uriCertificate =
        sigstore
            .fulcio()
            .issue(LeafRequest.of(Identity.uri(workflow), ISSUER).withIssuerExtensions(issuers));
    String bundle = sigstore.bundles().messageSignature(IMAGE, uriCertificate);

    assertThatCode(
            () ->
                verifier.verify(
                    IMAGE.digestBytes(),
                    SigstoreJava.bundle(bundle),
                    SigstoreJava.identity(workflow, ISSUER)))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesCertificateWithoutIssuerExtensions() throws Exception {
    FulcioCertificate noIssuer =
        sigstore
            .fulcio()
            .issue(
                LeafRequest.of(Identity.email(EMAIL), ISSUER)
                    .withIssuerExtensions(IssuerExtensions.NONE));
    String bundle = sigstore.bundles().messageSignature(IMAGE, noIssuer);

    assertThatThrownBy(
            () ->
                verifier.verify(
                    IMAGE.digestBytes(),
                    SigstoreJava.bundle(bundle),
                    SigstoreJava.identity(EMAIL, ISSUER)))
        .isInstanceOf(KeylessVerificationException.class)
        .hasMessageContaining("Could not verify certificate identities");
  }

  @ParameterizedTest
  @EnumSource(value = BundleBreakage.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void refusesEveryBrokenMessageSignatureBundleForItsOwnReason(BundleBreakage breakage)
      throws Exception {
    String bundle =
        sigstore
            .bundles()
            .request(IMAGE)
            .certificate(certificate)
            .timestamp(true)
            .breakage(breakage)
            .build();

    assertRefused(bundle, messageSignatureReason(breakage));
  }

  @ParameterizedTest
  @EnumSource(value = BundleBreakage.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void refusesEveryBrokenDsseBundleForItsOwnReason(BundleBreakage breakage) throws Exception {
    String bundle =
        sigstore
            .bundles()
            .request(IMAGE)
            .certificate(certificate)
            .dsse(true)
            .timestamp(true)
            .breakage(breakage)
            .build();

    assertRefused(bundle, dsseReason(breakage));
  }

  @Test
  void refusesBundleWhoseTimestampComesFromAnUnknownTsa() throws Exception {
    SigstoreFixtures other = SigstoreFixtures.create(8, SigstoreFixtures.DEFAULT_TIME);
    KeylessVerifier withOtherTsa =
        SigstoreJava.keylessVerifier(
            TrustedRootBuilder.create()
                .transparencyLog(sigstore.rekor())
                .certificateAuthority(sigstore.fulcio())
                .ctLog(sigstore.ctLog())
                .timestampAuthority(other.tsa()),
            dir.resolve("other"));
    String bundle =
        sigstore.bundles().request(IMAGE).certificate(certificate).timestamp(true).build();

    assertThatThrownBy(
            () ->
                withOtherTsa.verify(
                    IMAGE.digestBytes(),
                    SigstoreJava.bundle(bundle),
                    SigstoreJava.identity(EMAIL, ISSUER)))
        .isInstanceOf(KeylessVerificationException.class)
        .hasMessageContaining("RFC3161 timestamp verification failed");
  }

  private void assertRefused(String bundle, String reason) {
    assertThatThrownBy(
            () ->
                verifier.verify(
                    IMAGE.digestBytes(),
                    SigstoreJava.bundle(bundle),
                    SigstoreJava.identity(EMAIL, ISSUER)))
        .isInstanceOf(KeylessVerificationException.class)
        .satisfies(e -> assertThat(fullMessage(e)).contains(reason));
  }

  private static String fullMessage(Throwable e) {
    return e.getCause() == null
        ? e.getMessage()
        : e.getMessage() + " / " + fullMessage(e.getCause());
  }

  private static String messageSignatureReason(BundleBreakage breakage) {
    return switch (breakage) {
      case DIGEST_MISMATCH ->
          "Provided artifact digest does not match digest used for verification";
      case SIGNATURE_OVER_OTHER_BYTES -> "Artifact signature was not valid";
      case ENTRY_FOR_OTHER_SIGNATURE -> "inconsistent with log entry";
      default -> commonReason(breakage);
    };
  }

  private static String dsseReason(BundleBreakage breakage) {
    return switch (breakage) {
      case DIGEST_MISMATCH -> "does not match any subject sha256 digests";
      case SIGNATURE_OVER_OTHER_BYTES -> "DSSE signature was not valid";
      case ENTRY_FOR_OTHER_SIGNATURE -> "does not match DSSE payload digest in log entry";
      default -> commonReason(breakage);
    };
  }

  private static String commonReason(BundleBreakage breakage) {
    return switch (breakage) {
      case BAD_INCLUSION_PROOF -> "Inclusion proof verification failed";
      case BAD_CHECKPOINT_SIGNATURE -> "Checkpoint signature was invalid";
      case CHECKPOINT_ROOT_MISMATCH -> "Checkpoint root hash does not match";
      case SET_BY_UNKNOWN_LOG -> "does not match any provided transparency logs";
      case BAD_SET -> "Entry SET was not valid";
      case TIMESTAMP_FOR_OTHER_SIGNATURE -> "imprint digest does not match";
      default -> throw new IllegalArgumentException("no common reason for " + breakage);
    };
  }
}
