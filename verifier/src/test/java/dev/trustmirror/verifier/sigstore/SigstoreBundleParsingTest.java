package dev.trustmirror.verifier.sigstore;

import static dev.trustmirror.verifier.sigstore.Fixtures.IMAGE;
import static dev.trustmirror.verifier.sigstore.Fixtures.SIGSTORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Part;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Rule;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Parsing Sigstore bundles: a generated v0.3 bundle reads into its parts; broken ones are refused.
 */
class SigstoreBundleParsingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUNDLE =
      SIGSTORE.bundles().request(IMAGE).certificate(Fixtures.certificate()).timestamp(true).build();

  private static byte[] edited(Consumer<ObjectNode> edit) throws Exception {
    ObjectNode tree = (ObjectNode) JSON.readTree(BUNDLE);
    edit.accept(tree);
    return JSON.writeValueAsBytes(tree);
  }

  private static void assertRefused(byte[] bundle, Rule rule, String field) {
    assertThatThrownBy(() -> SigstoreBundle.parse(bundle))
        .isInstanceOfSatisfying(
            MalformedSignatureException.class,
            e -> {
              assertThat(e.part()).isEqualTo(Part.SIGSTORE_BUNDLE);
              assertThat(e.rule()).isEqualTo(rule);
              assertThat(e.field()).isEqualTo(field);
            });
  }

  private static ObjectNode material(ObjectNode tree) {
    return (ObjectNode) tree.get("verificationMaterial");
  }

  private static ObjectNode entry(ObjectNode tree) {
    return (ObjectNode) material(tree).get("tlogEntries").get(0);
  }

  @Test
  void readsAGeneratedBundleIntoItsParts() throws Exception {
    SigstoreBundle bundle = SigstoreBundle.parse(BUNDLE.getBytes(StandardCharsets.UTF_8));

    assertThat(bundle.version()).isEqualTo(SigstoreBundle.Version.V0_3);
    assertThat(bundle.certificates()).hasSize(1);
    assertThat(bundle.publicKeyHint()).isEmpty();
    assertThat(bundle.rfc3161Timestamps()).hasSize(1);
    assertThat(bundle.messageSignature()).isPresent();
    assertThat(bundle.dsseEnvelope()).isEmpty();
    TransparencyLogEntry entry = bundle.tlogEntries().get(0);
    assertThat(entry.signedEntryTimestamp()).isPresent();
    assertThat(entry.inclusionProof().orElseThrow().checkpoint()).isPresent();
  }

  @Test
  void readsEveryMediaTypeVersion() throws Exception {
    assertThat(
            SigstoreBundle.parse(
                    edited(
                        t ->
                            t.put(
                                "mediaType",
                                "application/vnd.dev.sigstore.bundle+json;version=0.1")))
                .version())
        .isEqualTo(SigstoreBundle.Version.V0_1);
    assertThat(
            SigstoreBundle.parse(
                    edited(
                        t ->
                            t.put(
                                "mediaType",
                                "application/vnd.dev.sigstore.bundle+json;version=0.2")))
                .version())
        .isEqualTo(SigstoreBundle.Version.V0_2);
  }

  @Test
  void refusesUnknownMediaTypes() throws Exception {
    assertRefused(
        edited(t -> t.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.4+json")),
        Rule.UNSUPPORTED,
        "mediaType");
  }

  @Test
  void refusesBundlesWithBothOrNoContent() throws Exception {
    assertRefused(
        edited(t -> t.putObject("dsseEnvelope")),
        Rule.INVALID_VALUE,
        "messageSignature|dsseEnvelope");
    assertRefused(
        edited(t -> t.remove("messageSignature")), Rule.MISSING, "messageSignature|dsseEnvelope");
  }

  @Test
  void refusesVerificationMaterialWithNoneOrTwoSigners() throws Exception {
    assertRefused(
        edited(t -> t.remove("verificationMaterial")), Rule.MISSING, "verificationMaterial");
    assertRefused(
        edited(t -> material(t).remove("certificate")), Rule.MISSING, "verificationMaterial");
    assertRefused(
        edited(t -> material(t).putObject("publicKey").put("hint", "x")),
        Rule.INVALID_VALUE,
        "verificationMaterial");
    assertRefused(
        edited(t -> ((ObjectNode) material(t).get("certificate")).put("rawBytes", "AAAA")),
        Rule.NOT_A_CERTIFICATE,
        "verificationMaterial.certificate");
  }

  @Test
  void refusesMalformedLogEntries() throws Exception {
    assertRefused(
        edited(t -> entry(t).put("logIndex", "-1")), Rule.WRONG_TYPE, "tlogEntries[0].logIndex");
    assertRefused(
        edited(t -> entry(t).put("logIndex", -1)), Rule.INVALID_VALUE, "tlogEntries[0].logIndex");
    assertRefused(
        edited(t -> entry(t).remove("canonicalizedBody")),
        Rule.MISSING,
        "tlogEntries[0].canonicalizedBody");
    assertRefused(
        edited(t -> ((ObjectNode) entry(t).get("inclusionProof")).put("hashes", "x")),
        Rule.WRONG_TYPE,
        "tlogEntries[0].inclusionProof.hashes");
    assertRefused(
        edited(
            t -> {
              ArrayNode hashes = ((ObjectNode) entry(t).get("inclusionProof")).putArray("hashes");
              for (int i = 0; i < 65; i++) {
                hashes.add("AAAA");
              }
            }),
        Rule.TOO_LARGE,
        "tlogEntries[0].inclusionProof.hashes");
    assertRefused(
        edited(t -> ((ObjectNode) entry(t).get("logId")).put("keyId", "not base64!")),
        Rule.NOT_BASE64,
        "tlogEntries[0].logId.keyId");
  }

  @Test
  void refusesDsseEnvelopesWithoutExactlyOneSignature() throws Exception {
    String dsse =
        SIGSTORE.bundles().request(IMAGE).certificate(Fixtures.certificate()).dsse(true).build();
    ObjectNode tree = (ObjectNode) JSON.readTree(dsse);
    ArrayNode signatures = (ArrayNode) tree.get("dsseEnvelope").get("signatures");
    signatures.add(signatures.get(0).deepCopy());

    assertRefused(JSON.writeValueAsBytes(tree), Rule.INVALID_VALUE, "dsseEnvelope.signatures");
  }

  @Test
  void refusesNonJsonAndDuplicateMembers() {
    assertRefused("{".getBytes(StandardCharsets.UTF_8), Rule.NOT_JSON, "");
    assertRefused(
        "{\"mediaType\":\"a\",\"mediaType\":\"b\"}".getBytes(StandardCharsets.UTF_8),
        Rule.NOT_JSON,
        "");
  }
}
