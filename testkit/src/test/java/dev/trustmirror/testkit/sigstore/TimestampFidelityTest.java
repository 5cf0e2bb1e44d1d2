package dev.trustmirror.testkit.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigstore.timestamp.client.TimestampResponse;
import dev.sigstore.timestamp.client.TimestampVerificationException;
import dev.sigstore.timestamp.client.TimestampVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.Test;

/** sigstore-java 2.0.0's TimestampVerifier judges our TSA's tokens. */
class TimestampFidelityTest {

  static final SignedImage IMAGE =
      SignedImage.ofManifest("registry.test/app", "manifest".getBytes(StandardCharsets.UTF_8));

  final SigstoreFixtures sigstore = SigstoreFixtures.create(41, SigstoreFixtures.DEFAULT_TIME);

  @Test
  void acceptsTimestampOverTheSignatureOfAKeylessLayerWithoutTlog() throws Exception {
    FulcioCertificate certificate =
        sigstore.fulcio().issue(LeafRequest.of(Identity.email("a@b.test"), "https://issuer.test"));
    SignatureLayer layer = sigstore.cosign().keylessWithoutTlog(IMAGE, certificate, true);
    byte[] signature =
        Base64.getDecoder().decode(layer.annotation(SignatureLayer.SIGNATURE).orElseThrow());
    byte[] response = timestampOf(layer);

    assertThat(layer.annotations())
        .containsOnlyKeys(
            SignatureLayer.SIGNATURE,
            SignatureLayer.CERTIFICATE,
            SignatureLayer.CHAIN,
            SignatureLayer.RFC3161_TIMESTAMP);
    assertThatCode(() -> verifier().verify(response(response), signature))
        .doesNotThrowAnyException();
    assertThat(
            new TimeStampResponse(response)
                .getTimeStampToken()
                .getTimeStampInfo()
                .getGenTime()
                .toInstant())
        .isEqualTo(SigstoreFixtures.DEFAULT_TIME);
  }

  @Test
  void refusesTimestampOverOtherBytes() throws Exception {
    byte[] response = sigstore.tsa().timestamp("signature".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(
            () -> verifier().verify(response(response), "other".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(TimestampVerificationException.class)
        .hasMessageContaining("imprint digest does not match");
  }

  @Test
  void refusesTimestampOfAnUnknownTsa() throws Exception {
    FulcioCertificate certificate =
        sigstore.fulcio().issue(LeafRequest.of(Identity.email("a@b.test"), "https://issuer.test"));
    SignatureLayer layer =
        sigstore
            .cosign()
            .request(IMAGE)
            .certificate(certificate)
            .timestamp(true)
            .breakage(CosignBreakage.TIMESTAMP_BY_UNKNOWN_TSA)
            .sign();
    byte[] signature =
        Base64.getDecoder().decode(layer.annotation(SignatureLayer.SIGNATURE).orElseThrow());

    assertThatThrownBy(() -> verifier().verify(response(timestampOf(layer)), signature))
        .isInstanceOf(TimestampVerificationException.class)
        .hasMessageContaining("not verifiable against TSAs");
  }

  @Test
  void tsaLeafHasTheCriticalTimeStampingEku() throws Exception {
    assertThat(sigstore.tsa().leaf().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.8");
    assertThat(sigstore.tsa().leaf().getCriticalExtensionOIDs()).contains("2.5.29.37");
  }

  private TimestampVerifier verifier() throws Exception {
    return TimestampVerifier.newTimestampVerifier(SigstoreJava.trustedRoot(sigstore.trustedRoot()));
  }

  static byte[] timestampOf(SignatureLayer layer) throws Exception {
    String annotation = layer.annotation(SignatureLayer.RFC3161_TIMESTAMP).orElseThrow();
    var json = new ObjectMapper().readTree(annotation);
    assertThat(json.properties()).hasSize(1);
    return Base64.getDecoder().decode(json.get("SignedRFC3161Timestamp").asText());
  }

  static TimestampResponse response(byte[] encoded) {
    return () -> encoded;
  }
}
