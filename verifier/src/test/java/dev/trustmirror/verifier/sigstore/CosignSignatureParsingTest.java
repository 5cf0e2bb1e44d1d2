package dev.trustmirror.verifier.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Part;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Rule;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parsing cosign signature layers: the real keyless layer reads into its parts, and every kind of
 * hostile or broken annotation and payload is refused with its part, rule and member.
 */
class CosignSignatureParsingTest {
  private static final CosignLayer REAL = RealData.layers(RealData.KEYLESS).get(0);

  private static CosignLayer with(String annotation, String value) {
    Map<String, String> annotations = new HashMap<>(REAL.annotations());
    if (value == null) {
      annotations.remove(annotation);
    } else {
      annotations.put(annotation, value);
    }
    return new CosignLayer(REAL.payload(), annotations);
  }

  private static CosignLayer withPayload(String payload) {
    return new CosignLayer(payload.getBytes(StandardCharsets.UTF_8), REAL.annotations());
  }

  private static void assertRefused(ThrowingCallable parse, Part part, Rule rule, String field) {
    assertThatThrownBy(parse)
        .isInstanceOfSatisfying(
            MalformedSignatureException.class,
            e -> {
              assertThat(e.part()).isEqualTo(part);
              assertThat(e.rule()).isEqualTo(rule);
              assertThat(e.field()).isEqualTo(field);
            });
  }

  @Test
  void readsTheRealKeylessLayerIntoItsParts() throws Exception {
    CosignSignature signature = CosignSignature.parse(REAL);

    assertThat(signature.payload().manifestDigest())
        .isEqualTo(RealData.manifestDigest(RealData.KEYLESS));
    assertThat(signature.payload().type()).isEqualTo(SimpleSigningPayload.COSIGN_TYPE);
    assertThat(signature.payload().dockerReference())
        .contains("192.168.64.2:5000/cosign-signed/fulcio-rekor-1");
    assertThat(signature.certificate()).isPresent();
    assertThat(signature.chain()).hasSize(2);
    assertThat(signature.rfc3161Timestamp()).isEmpty();
    TransparencyLogEntry entry = signature.rekorEntry().orElseThrow();
    assertThat(entry.logIndex()).isEqualTo(11605770);
    assertThat(entry.integratedTime()).isEqualTo(1674247893);
    assertThat(entry.logIdHex())
        .isEqualTo("c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d");
    assertThat(entry.signedEntryTimestamp()).isPresent();
    assertThat(entry.inclusionProof()).isEmpty();
  }

  @Test
  void rebuildsExactlyTheContentTheRealRekorSigned() throws Exception {
    TransparencyLogEntry entry = CosignSignature.parse(REAL).rekorEntry().orElseThrow();
    TrustMaterial.Log rekor =
        TrustMaterial.of(RealData.trustedRoot()).tlog(entry.logId()).orElseThrow();

    // the real SET is the oracle: it verifies only over Rekor's exact canonical JSON
    assertThat(
            Signatures.verify(
                rekor.key().orElseThrow(),
                entry.signableContent(),
                entry.signedEntryTimestamp().orElseThrow()))
        .isTrue();
    assertThat(new String(entry.signableContent(), StandardCharsets.US_ASCII))
        .startsWith("{\"body\":\"eyJhcGlWZXJzaW9uIjoiMC4wLjEi")
        .endsWith(
            "\",\"integratedTime\":1674247893,\"logID\":\"c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b"
                + "8445c224f98b9591801d\",\"logIndex\":11605770}");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json at all | NOT_JSON | ''",
        "{\"critical\":{}} trailing | NOT_JSON | ''",
        "[] | WRONG_TYPE | ''",
        "{} | MISSING | critical",
        "{\"critical\":\"x\"} | WRONG_TYPE | critical",
        "{\"critical\":{\"image\":{}}} | MISSING | critical.image.docker-manifest-digest",
        "{\"critical\":{\"image\":{\"docker-manifest-digest\":1}}} | WRONG_TYPE"
            + " | critical.image.docker-manifest-digest",
        "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"sha256:ABC\"}}} | INVALID_DIGEST"
            + " | critical.image.docker-manifest-digest",
        "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"sha256:"
            + "0489474da8ea22426ece86ace6c1c0026ab2fd3cdfbbd62b7e94650266c37d9a\"}}}"
            + " | MISSING | critical.type",
        "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"sha256:"
            + "0489474da8ea22426ece86ace6c1c0026ab2fd3cdfbbd62b7e94650266c37d9a\"},"
            + "\"type\":\"x\",\"identity\":{\"docker-reference\":[]}}}"
            + " | WRONG_TYPE | critical.identity.docker-reference",
        "{\"critical\":{\"type\":\"a\",\"type\":\"b\"}} | NOT_JSON | ''"
      })
  void refusesMalformedPayloads(String payload, Rule rule, String field) {
    assertRefused(() -> CosignSignature.parse(withPayload(payload)), Part.PAYLOAD, rule, field);
  }

  @Test
  void refusesPayloadsNestedTooDeeplyOrTooLarge() {
    String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
    assertRefused(
        () -> SimpleSigningPayload.parse(deep.getBytes(StandardCharsets.UTF_8)),
        Part.PAYLOAD,
        Rule.NOT_JSON,
        "");
    byte[] large = new byte[StrictJson.MAX_DOCUMENT_BYTES + 1];
    assertRefused(() -> SimpleSigningPayload.parse(large), Part.PAYLOAD, Rule.TOO_LARGE, "");
  }

  @Test
  void refusesMissingEmptyOrNonBase64Signature() {
    assertRefused(
        () -> CosignSignature.parse(with(CosignLayer.SIGNATURE, null)),
        Part.SIGNATURE,
        Rule.MISSING,
        CosignLayer.SIGNATURE);
    assertRefused(
        () -> CosignSignature.parse(with(CosignLayer.SIGNATURE, "%%%")),
        Part.SIGNATURE,
        Rule.NOT_BASE64,
        CosignLayer.SIGNATURE);
    assertRefused(
        () -> CosignSignature.parse(with(CosignLayer.SIGNATURE, "")),
        Part.SIGNATURE,
        Rule.INVALID_VALUE,
        CosignLayer.SIGNATURE);
  }

  @Test
  void refusesCertificateAnnotationsThatAreNotExactlyOneCertificate() {
    String certificate = REAL.annotations().get(CosignLayer.CERTIFICATE);
    assertRefused(
        () -> CosignSignature.parse(with(CosignLayer.CERTIFICATE, "hello")),
        Part.CERTIFICATE,
        Rule.NOT_PEM,
        CosignLayer.CERTIFICATE);
    assertRefused(
        () -> CosignSignature.parse(with(CosignLayer.CERTIFICATE, "junk\n" + certificate)),
        Part.CERTIFICATE,
        Rule.NOT_PEM,
        CosignLayer.CERTIFICATE);
    assertRefused(
        () ->
            CosignSignature.parse(
                with(
                    CosignLayer.CERTIFICATE,
                    "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")),
        Part.CERTIFICATE,
        Rule.NOT_PEM,
        CosignLayer.CERTIFICATE);
    assertRefused(
        () ->
            CosignSignature.parse(
                with(
                    CosignLayer.CERTIFICATE,
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")),
        Part.CERTIFICATE,
        Rule.NOT_A_CERTIFICATE,
        CosignLayer.CERTIFICATE);
    assertRefused(
        () -> CosignSignature.parse(with(CosignLayer.CERTIFICATE, certificate + certificate)),
        Part.CERTIFICATE,
        Rule.INVALID_VALUE,
        CosignLayer.CERTIFICATE);
    assertRefused(
        () -> CosignSignature.parse(with(CosignLayer.CHAIN, "-----BEGIN CERTIFICATE-----\n")),
        Part.CHAIN,
        Rule.NOT_PEM,
        CosignLayer.CHAIN);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{ | NOT_JSON | ''",
        "{} | MISSING | SignedEntryTimestamp",
        "{\"SignedEntryTimestamp\":\"AA==\"} | MISSING | Payload",
        "{\"SignedEntryTimestamp\":\"AA==\",\"Payload\":[]} | WRONG_TYPE | Payload",
        "{\"SignedEntryTimestamp\":\"AA==\",\"Payload\":{\"body\":\"e30=\",\"integratedTime\":-1}}"
            + " | INVALID_VALUE | Payload.integratedTime",
        "{\"SignedEntryTimestamp\":\"AA==\",\"Payload\":{\"body\":\"e30=\",\"integratedTime\":1.5}}"
            + " | WRONG_TYPE | Payload.integratedTime",
        "{\"SignedEntryTimestamp\":\"AA==\",\"Payload\":{\"body\":\"e30=\",\"integratedTime\":"
            + "99999999999999999999} | NOT_JSON | ''",
        "{\"SignedEntryTimestamp\":\"AA==\",\"Payload\":{\"body\":\"e30=\",\"integratedTime\":1,"
            + "\"logIndex\":2,\"logID\":\"zz\"}} | NOT_HEX | Payload.logID",
        "{\"SignedEntryTimestamp\":\"AA==\",\"Payload\":{\"body\":\"e30=\",\"integratedTime\":1,"
            + "\"logIndex\":2}} | MISSING | Payload.logID",
        "{\"SignedEntryTimestamp\":\"!\",\"Payload\":{}} | NOT_BASE64 | SignedEntryTimestamp"
      })
  void refusesMalformedRekorBundleAnnotations(String bundle, Rule rule, String field) {
    assertRefused(
        () -> CosignSignature.parse(with(CosignLayer.BUNDLE, bundle)),
        Part.REKOR_BUNDLE,
        rule,
        field);
  }

  @Test
  void refusesMalformedTimestampAnnotations() {
    assertRefused(
        () -> CosignSignature.parse(with(CosignLayer.RFC3161_TIMESTAMP, "{}")),
        Part.TIMESTAMP,
        Rule.MISSING,
        "SignedRFC3161Timestamp");
    assertRefused(
        () ->
            CosignSignature.parse(
                with(CosignLayer.RFC3161_TIMESTAMP, "{\"SignedRFC3161Timestamp\":\"~\"}")),
        Part.TIMESTAMP,
        Rule.NOT_BASE64,
        "SignedRFC3161Timestamp");
  }

  @Test
  void turnsMalformedLayersIntoTypedReasonsOfTheVerdict() {
    SignatureVerifier verifier =
        SignatureVerifier.create(
            VerificationPolicy.keys(
                java.util.List.of(RealData.key("cosign.pub")), false, RealData.trustedRoot()),
            RealData.CLOCK);

    Verdict verdict =
        verifier.verifyCosign(
            RealData.manifestDigest(RealData.KEYLESS),
            java.util.List.of(with(CosignLayer.BUNDLE, "{"), withPayload("[]")));

    assertThat(verdict.codes())
        .containsExactly(RefusalCode.MALFORMED_SIGNATURE, RefusalCode.MALFORMED_PAYLOAD);
    assertThat(verdict.reasons().get(0).authority()).isEmpty();
    assertThat(verdict.reasons().get(1).signature()).isEqualTo(2);
  }
}
