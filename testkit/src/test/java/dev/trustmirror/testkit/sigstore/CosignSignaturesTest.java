package dev.trustmirror.testkit.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.timestamp.client.TimestampVerificationException;
import dev.sigstore.timestamp.client.TimestampVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The layers CosignSignatures makes: which annotations, which bytes, which fault. */
class CosignSignaturesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final SignedImage IMAGE =
      new SignedImage(
          "registry.test:5000/team/app",
          "sha256:0489474da8ea22426ece86ace6c1c0026ab2fd3cdfbbd62b7e94650266c37d9a");

  final SigstoreFixtures sigstore = SigstoreFixtures.create(61, SigstoreFixtures.DEFAULT_TIME);
  final FulcioCertificate certificate =
      sigstore.fulcio().issue(LeafRequest.of(Identity.email("a@b.test"), "https://issuer.test"));

  @Test
  void payloadIsCosignsSimpleSigningJsonByteForByte() {
    assertThat(new String(SimpleSigningPayload.of(IMAGE), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"critical\":{\"identity\":{\"docker-reference\":\"registry.test:5000/team/app\"},"
                + "\"image\":{\"docker-manifest-digest\":\"sha256:0489474da8ea22426ece86ace6c1c0026ab2fd3cdfbbd62b7e94650266c37d9a\"},"
                + "\"type\":\"cosign container image signature\"},\"optional\":null}");
  }

  @Test
  void keylessLayerCarriesSignatureCertificateChainAndBundle() throws Exception {
    SignatureLayer layer = sigstore.cosign().keyless(IMAGE, certificate);

    assertThat(layer.mediaType()).isEqualTo(SignatureLayer.MEDIA_TYPE);
    assertThat(layer.payload()).isEqualTo(SimpleSigningPayload.of(IMAGE));
    assertThat(layer.annotations())
        .containsOnlyKeys(
            SignatureLayer.SIGNATURE,
            SignatureLayer.CERTIFICATE,
            SignatureLayer.CHAIN,
            SignatureLayer.BUNDLE);
    assertThat(layer.annotation(SignatureLayer.CERTIFICATE)).contains(certificate.leafPem());
    assertThat(layer.annotation(SignatureLayer.CHAIN).orElseThrow())
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----")
        .isEqualTo(certificate.chainPem().strip());
    assertThat(signatureVerifies(layer, layer.payload())).isTrue();
    JsonNode bundle = JSON.readTree(layer.annotation(SignatureLayer.BUNDLE).orElseThrow());
    assertThat(bundle.at("/Payload/logID").asText())
        .isEqualTo(java.util.HexFormat.of().formatHex(sigstore.rekor().logId()));
    assertThat(bundle.at("/Payload/integratedTime").asLong())
        .isEqualTo(SigstoreFixtures.DEFAULT_TIME.getEpochSecond());
  }

  @Test
  void keylessWithoutTlogHasNoBundleAndOptionallyATimestamp() {
    assertThat(sigstore.cosign().keylessWithoutTlog(IMAGE, certificate, false).annotations())
        .containsOnlyKeys(
            SignatureLayer.SIGNATURE, SignatureLayer.CERTIFICATE, SignatureLayer.CHAIN);
    assertThat(sigstore.cosign().keylessWithoutTlog(IMAGE, certificate, true).annotations())
        .containsOnlyKeys(
            SignatureLayer.SIGNATURE,
            SignatureLayer.CERTIFICATE,
            SignatureLayer.CHAIN,
            SignatureLayer.RFC3161_TIMESTAMP);
  }

  @Test
  void keyBasedWithTlogLogsThePublicKey() throws Exception {
    SigningKey key = sigstore.newKey(KeyAlgorithm.ECDSA_P256);
    SignatureLayer layer = sigstore.cosign().keyBasedWithTlog(IMAGE, key);

    assertThat(layer.annotations())
        .containsOnlyKeys(SignatureLayer.SIGNATURE, SignatureLayer.BUNDLE);
    assertThat(bodyOf(layer).at("/spec/signature/publicKey/content").asText())
        .isEqualTo(
            Base64.getEncoder()
                .encodeToString(key.publicKeyPem().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void requestWithoutSignerIsRefused() {
    assertThatThrownBy(() -> sigstore.cosign().request(IMAGE).sign())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void payloadDigestMismatchIsAValidSignatureOfAnotherImage() throws Exception {
    SignatureLayer layer = broken(CosignBreakage.PAYLOAD_DIGEST_MISMATCH);

    assertThat(JSON.readTree(layer.payload()).at("/critical/image/docker-manifest-digest").asText())
        .isNotEqualTo(IMAGE.digest())
        .startsWith("sha256:");
    assertThat(signatureVerifies(layer, layer.payload())).isTrue();
    assertThat(bodyOf(layer).at("/spec/data/hash/value").asText())
        .isEqualTo(Sha256.hex(layer.payload()));
  }

  @Test
  void wrongTypeIsSignedCorrectly() throws Exception {
    SignatureLayer layer = broken(CosignBreakage.WRONG_TYPE);

    assertThat(JSON.readTree(layer.payload()).at("/critical/type").asText())
        .isNotEqualTo(SimpleSigningPayload.COSIGN_TYPE);
    assertThat(signatureVerifies(layer, layer.payload())).isTrue();
  }

  @Test
  void tamperedPayloadAndSignatureOverOtherBytesDoNotVerify() throws Exception {
    SignatureLayer tampered = broken(CosignBreakage.TAMPERED_PAYLOAD);
    SignatureLayer otherBytes = broken(CosignBreakage.SIGNATURE_OVER_OTHER_BYTES);

    assertThat(
            JSON.readTree(tampered.payload()).at("/critical/image/docker-manifest-digest").asText())
        .isEqualTo(IMAGE.digest());
    assertThat(signatureVerifies(tampered, tampered.payload())).isFalse();
    assertThat(signatureVerifies(otherBytes, otherBytes.payload())).isFalse();
    assertThat(otherBytes.payload()).isEqualTo(SimpleSigningPayload.of(IMAGE));
  }

  @Test
  void setFaultsKeepEverythingElseRight() throws Exception {
    SignatureLayer unknownLog = broken(CosignBreakage.SET_BY_UNKNOWN_LOG);
    SignatureLayer badSet = broken(CosignBreakage.BAD_SET);
    String trustedLogId = java.util.HexFormat.of().formatHex(sigstore.rekor().logId());

    assertThat(
            JSON.readTree(unknownLog.annotation(SignatureLayer.BUNDLE).orElseThrow())
                .at("/Payload/logID")
                .asText())
        .isNotEqualTo(trustedLogId);
    assertThat(
            JSON.readTree(badSet.annotation(SignatureLayer.BUNDLE).orElseThrow())
                .at("/Payload/logID")
                .asText())
        .isEqualTo(trustedLogId);
    assertThat(signatureVerifies(badSet, badSet.payload())).isTrue();
    var entry =
        RekorFidelityTest.fromAnnotation(
            badSet.annotation(SignatureLayer.BUNDLE).orElseThrow(), null);
    assertThat(
            Verifiers.newVerifier(sigstore.rekor().key().publicKey())
                .verify(
                    entry.getSignableContent(),
                    Base64.getDecoder().decode(entry.getVerification().getSignedEntryTimestamp())))
        .isFalse();
  }

  @Test
  void entryForOtherSignatureHasAValidSetButAnotherSignature() throws Exception {
    SignatureLayer layer = broken(CosignBreakage.ENTRY_FOR_OTHER_SIGNATURE);

    assertThat(bodyOf(layer).at("/spec/signature/content").asText())
        .isNotEqualTo(layer.annotation(SignatureLayer.SIGNATURE).orElseThrow());
    var entry =
        RekorFidelityTest.fromAnnotation(
            layer.annotation(SignatureLayer.BUNDLE).orElseThrow(), null);
    assertThat(
            Verifiers.newVerifier(sigstore.rekor().key().publicKey())
                .verify(
                    entry.getSignableContent(),
                    Base64.getDecoder().decode(entry.getVerification().getSignedEntryTimestamp())))
        .isTrue();
  }

  @Test
  void timestampForOtherSignatureIsRefusedBySigstoreJava() throws Exception {
    SignatureLayer layer =
        sigstore
            .cosign()
            .request(IMAGE)
            .certificate(certificate)
            .timestamp(true)
            .breakage(CosignBreakage.TIMESTAMP_FOR_OTHER_SIGNATURE)
            .sign();
    byte[] signature =
        Base64.getDecoder().decode(layer.annotation(SignatureLayer.SIGNATURE).orElseThrow());

    assertThatThrownBy(
            () ->
                TimestampVerifier.newTimestampVerifier(
                        SigstoreJava.trustedRoot(sigstore.trustedRoot()))
                    .verify(
                        TimestampFidelityTest.response(TimestampFidelityTest.timestampOf(layer)),
                        signature))
        .isInstanceOf(TimestampVerificationException.class);
  }

  @Test
  void signedImageRefusesMalformedDigests() {
    assertThatThrownBy(() -> new SignedImage("r/a", "sha256:ABC"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SignedImage("r/a", "sha512:" + "0".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(IMAGE.signatureTag())
        .isEqualTo("sha256-0489474da8ea22426ece86ace6c1c0026ab2fd3cdfbbd62b7e94650266c37d9a.sig");
  }

  private SignatureLayer broken(CosignBreakage breakage) {
    return sigstore
        .cosign()
        .request(IMAGE)
        .certificate(certificate)
        .transparencyLog(true)
        .breakage(breakage)
        .sign();
  }

  private boolean signatureVerifies(SignatureLayer layer, byte[] payload) throws Exception {
    byte[] signature =
        Base64.getDecoder().decode(layer.annotation(SignatureLayer.SIGNATURE).orElseThrow());
    return Verifiers.newVerifier(certificate.leaf().getPublicKey()).verify(payload, signature);
  }

  private static JsonNode bodyOf(SignatureLayer layer) throws Exception {
    JsonNode bundle = JSON.readTree(layer.annotation(SignatureLayer.BUNDLE).orElseThrow());
    return JSON.readTree(Base64.getDecoder().decode(bundle.at("/Payload/body").asText()));
  }
}
