package dev.trustmirror.testkit.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigstore.encryption.Keys;
import dev.sigstore.encryption.signers.Verifiers;
import dev.trustmirror.testkit.data.SigstoreTestData;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.Test;

/**
 * Reads the real cosign signatures of {@code shared/testdata/cosign-real} with our code paths: our
 * formats (payload, annotations, bundle annotation, Rekor body, SET content, precertificate TBS)
 * must reproduce what cosign, Rekor and Fulcio wrote.
 */
class CosignRealFormatTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path REAL = SigstoreTestData.root().getParent().resolve("cosign-real");

  final SigstoreFixtures sigstore = SigstoreFixtures.create(71, SigstoreFixtures.DEFAULT_TIME);

  @Test
  void everyRealSignatureFileParsesAndRoundTrips() throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(REAL)) {
      files = walk.filter(file -> file.getFileName().toString().startsWith("signature-")).toList();
    }

    assertThat(files).hasSizeGreaterThanOrEqualTo(7);
    for (Path file : files) {
      SignatureLayer layer = SignatureLayer.fromContainersImageFormat(Files.readAllBytes(file));
      assertThat(layer.mediaType()).isEqualTo(SignatureLayer.MEDIA_TYPE);
      assertThat(layer.annotation(SignatureLayer.SIGNATURE)).isPresent();
      assertThat(SignatureLayer.fromContainersImageFormat(layer.toContainersImageFormat()))
          .usingRecursiveComparison()
          .isEqualTo(layer);
    }
  }

  @Test
  void realPayloadIsExactlyOurSimpleSigningPayload() throws Exception {
    SignatureLayer real = real("dir-img-cosign-fulcio-rekor-valid");
    JsonNode payload = JSON.readTree(real.payload());
    SignedImage image =
        new SignedImage(
            payload.at("/critical/identity/docker-reference").asText(),
            payload.at("/critical/image/docker-manifest-digest").asText());

    assertThat(SimpleSigningPayload.of(image)).isEqualTo(real.payload());
    assertThat(image.digest())
        .isEqualTo(
            SignedImage.ofManifest(
                    "x",
                    Files.readAllBytes(
                        REAL.resolve("dir-img-cosign-fulcio-rekor-valid/manifest.json")))
                .digest());
  }

  @Test
  void realKeylessLayerHasTheAnnotationsAndBundleShapeOfOurs() throws Exception {
    SignatureLayer real = real("dir-img-cosign-fulcio-rekor-valid");
    FulcioCertificate certificate =
        sigstore.fulcio().issue(LeafRequest.of(Identity.email("a@b.test"), "https://issuer.test"));
    SignatureLayer ours =
        sigstore.cosign().keyless(new SignedImage("r/a", "sha256:" + "a".repeat(64)), certificate);

    assertThat(ours.annotations().keySet()).containsExactlyElementsOf(real.annotations().keySet());
    assertThat(shape(JSON.readTree(ours.annotation(SignatureLayer.BUNDLE).orElseThrow())))
        .isEqualTo(shape(JSON.readTree(real.annotation(SignatureLayer.BUNDLE).orElseThrow())));
    assertThat(shape(bodyOf(ours))).isEqualTo(shape(bodyOf(real)));
    // cosign keeps the certificate's final newline and drops the chain's.
    assertThat(real.annotation(SignatureLayer.CERTIFICATE).orElseThrow()).endsWith("-----\n");
    assertThat(real.annotation(SignatureLayer.CHAIN).orElseThrow()).endsWith("-----");
    assertThat(ours.annotation(SignatureLayer.CERTIFICATE).orElseThrow()).endsWith("-----\n");
    assertThat(ours.annotation(SignatureLayer.CHAIN).orElseThrow()).endsWith("-----");
  }

  @Test
  void realRekorBodyIsInOurCanonicalFormAndItsSetVerifiesOverOurSignableContent() throws Exception {
    for (String dir :
        List.of("dir-img-cosign-fulcio-rekor-valid", "dir-img-cosign-key-rekor-valid")) {
      JsonNode bundle = JSON.readTree(real(dir).annotation(SignatureLayer.BUNDLE).orElseThrow());
      byte[] body = Base64.getDecoder().decode(bundle.at("/Payload/body").asText());
      LogEntry entry =
          new LogEntry(
              "hashedrekord",
              "0.0.1",
              body,
              bundle.at("/Payload/integratedTime").asLong(),
              bundle.at("/Payload/logIndex").asLong(),
              HexFormat.of().parseHex(bundle.at("/Payload/logID").asText()),
              Base64.getDecoder().decode(bundle.get("SignedEntryTimestamp").asText()));

      assertThat(RekorCanonicalJson.encode(JSON.readTree(body))).isEqualTo(body);
      assertThat(entry.cosignBundleAnnotation())
          .isEqualTo(real(dir).annotation(SignatureLayer.BUNDLE).orElseThrow());
      assertThat(
              Verifiers.newVerifier(pemKey(REAL.resolve("rekor.pub")))
                  .verify(entry.signableContent(), entry.signedEntryTimestamp()))
          .isTrue();
    }
  }

  @Test
  void realFulcioSctVerifiesOverOurPrecertificateTbs() throws Exception {
    SignatureLayer real = real("dir-img-cosign-fulcio-rekor-valid");
    X509Certificate leaf =
        certificates(real.annotation(SignatureLayer.CERTIFICATE).orElseThrow()).get(0);
    X509Certificate intermediate =
        certificates(real.annotation(SignatureLayer.CHAIN).orElseThrow()).get(0);
    ByteBuffer sct = firstSct(leaf);
    sct.get(); // version v1
    byte[] logId = new byte[32];
    sct.get(logId);
    long timestamp = sct.getLong();
    sct.position(sct.position() + 2 + Short.toUnsignedInt(sct.getShort(sct.position())));
    sct.get(); // hash algorithm
    sct.get(); // signature algorithm
    byte[] signature = new byte[Short.toUnsignedInt(sct.getShort())];
    sct.get(signature);

    byte[] signed =
        TestCtLog.signedData(
            timestamp,
            Sha256.digest(intermediate.getPublicKey().getEncoded()),
            Precertificates.tbsWithout(leaf, Set.of(Precertificates.SCT_LIST_OID)));

    assertThat(Verifiers.newVerifier(realCtLogKey(logId)).verify(signed, signature)).isTrue();
  }

  @Test
  void ourLeafHasEveryRealFulcioExtensionWithTheSameCriticality() throws Exception {
    X509Certificate real =
        certificates(
                real("dir-img-cosign-fulcio-rekor-valid")
                    .annotation(SignatureLayer.CERTIFICATE)
                    .orElseThrow())
            .get(0);
    X509Certificate ours =
        sigstore
            .fulcio()
            .issue(LeafRequest.of(Identity.email("a@b.test"), "https://issuer.test"))
            .leaf();

    assertThat(ours.getCriticalExtensionOIDs()).isEqualTo(real.getCriticalExtensionOIDs());
    assertThat(ours.getNonCriticalExtensionOIDs()).containsAll(real.getNonCriticalExtensionOIDs());
    assertThat(ours.getSubjectX500Principal()).isEqualTo(real.getSubjectX500Principal());
    assertThat(ours.getExtendedKeyUsage()).isEqualTo(real.getExtendedKeyUsage());
  }

  @Test
  void realKeyBasedSignatureIsBase64OfASignatureOverThePayload() throws Exception {
    SignatureLayer real = real("dir-img-cosign-valid");

    assertThat(
            Verifiers.newVerifier(pemKey(REAL.resolve("cosign.pub")))
                .verify(
                    real.payload(),
                    Base64.getDecoder()
                        .decode(real.annotation(SignatureLayer.SIGNATURE).orElseThrow())))
        .isTrue();
    assertThat(real.annotations()).containsOnlyKeys(SignatureLayer.SIGNATURE);
  }

  static SignatureLayer real(String dir) throws Exception {
    return SignatureLayer.fromContainersImageFormat(
        Files.readAllBytes(REAL.resolve(dir).resolve("signature-1")));
  }

  static JsonNode bodyOf(SignatureLayer layer) throws Exception {
    JsonNode bundle = JSON.readTree(layer.annotation(SignatureLayer.BUNDLE).orElseThrow());
    return JSON.readTree(Base64.getDecoder().decode(bundle.at("/Payload/body").asText()));
  }

  /** Member names in order and value types, values left out. */
  static String shape(JsonNode node) {
    if (node.isObject()) {
      var members = new ArrayList<String>();
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        members.add(member.getKey() + ":" + shape(member.getValue()));
      }
      return "{" + String.join(",", members) + "}";
    }
    if (node.isArray()) {
      var elements = new ArrayList<String>();
      node.forEach(element -> elements.add(shape(element)));
      return "[" + String.join(",", elements) + "]";
    }
    return node.getNodeType().toString();
  }

  static List<X509Certificate> certificates(String pem) throws Exception {
    return CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
        .stream()
        .map(X509Certificate.class::cast)
        .toList();
  }

  static PublicKey pemKey(Path file) throws Exception {
    try (var parser = new PEMParser(new StringReader(Files.readString(file)))) {
      return Keys.parseEcdsa(((SubjectPublicKeyInfo) parser.readObject()).getEncoded());
    }
  }

  static ByteBuffer firstSct(X509Certificate leaf) {
    byte[] list =
        ASN1OctetString.getInstance(
                ASN1OctetString.getInstance(leaf.getExtensionValue(Precertificates.SCT_LIST_OID))
                    .getOctets())
            .getOctets();
    ByteBuffer buffer = ByteBuffer.wrap(list);
    buffer.getShort(); // list length
    int length = Short.toUnsignedInt(buffer.getShort());
    return ByteBuffer.wrap(Arrays.copyOfRange(list, 4, 4 + length));
  }

  static PublicKey realCtLogKey(byte[] logId) throws Exception {
    JsonNode root = JSON.readTree(TrustedRootBuilderTest.realTrustedRoot().toFile());
    Optional<JsonNode> log =
        java.util.stream.StreamSupport.stream(root.get("ctlogs").spliterator(), false)
            .filter(
                ct ->
                    Arrays.equals(
                        Base64.getDecoder().decode(ct.at("/logId/keyId").asText()), logId))
            .findFirst();
    return Keys.parseEcdsa(
        Base64.getDecoder().decode(log.orElseThrow().at("/publicKey/rawBytes").asText()));
  }
}
