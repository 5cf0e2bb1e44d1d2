package dev.trustmirror.verifier.sigstore;

import static dev.trustmirror.verifier.sigstore.Fixtures.IMAGE;
import static dev.trustmirror.verifier.sigstore.Fixtures.LATER;
import static dev.trustmirror.verifier.sigstore.Fixtures.SIGSTORE;
import static dev.trustmirror.verifier.sigstore.Fixtures.certificate;
import static dev.trustmirror.verifier.sigstore.Fixtures.digest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.sigstore.SignatureLayer;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every ECDSA check of a keyless verification goes through {@link EcdsaVerification} (none is left
 * to the JDK's SunEC): the payload signature (leaf key), the SCT (CT log key), the SET (Rekor key)
 * and the leaf certificate's signature (Fulcio intermediate key); under ignoreTlog, the RFC 3161
 * timestamp's signature (TSA key) instead of the SET. Each is recorded once, and verified.
 */
class EcdsaRoutingTest {
  @Test
  void keylessVerificationMakesItsFourEcdsaChecksThroughTheFastVerifier() {
    SignatureLayer layer =
        SIGSTORE.cosign().request(IMAGE).certificate(certificate()).transparencyLog(true).sign();
    SignatureVerifier verifier = Fixtures.keyless(false, LATER);

    EcdsaVerification.Recorded<Verdict> recorded =
        EcdsaVerification.recording(
            () -> verifier.verifyCosign(digest(IMAGE), List.of(Fixtures.layer(layer))));

    assertThat(recorded.result().verified()).as(recorded.result().summary()).isTrue();
    assertThat(recorded.operations()).allMatch(EcdsaVerification.Operation::verified);
    assertThat(recorded.operations().stream().map(o -> hex(o.key())))
        .containsExactlyInAnyOrder(
            hex(certificate().leaf().getPublicKey()),
            hex(SIGSTORE.ctLog().key().publicKey()),
            hex(SIGSTORE.rekor().key().publicKey()),
            hex(certificate().chain().get(0).getPublicKey()));
  }

  @Test
  void timestampSignatureGoesThroughTheFastVerifier() {
    SignatureLayer layer = SIGSTORE.cosign().keylessWithoutTlog(IMAGE, certificate(), true);
    SignatureVerifier verifier = Fixtures.keyless(true, LATER);

    EcdsaVerification.Recorded<Verdict> recorded =
        EcdsaVerification.recording(
            () -> verifier.verifyCosign(digest(IMAGE), List.of(Fixtures.layer(layer))));

    assertThat(recorded.result().verified()).as(recorded.result().summary()).isTrue();
    assertThat(recorded.operations().stream().map(o -> hex(o.key())))
        .contains(hex(SIGSTORE.tsa().leaf().getPublicKey()))
        .doesNotContain(hex(SIGSTORE.rekor().key().publicKey()));
  }

  private static String hex(PublicKey key) {
    return HexFormat.of().formatHex(key.getEncoded());
  }
}
