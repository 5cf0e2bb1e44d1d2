package dev.trustmirror.testkit.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.rekor.client.Checkpoints;
import dev.sigstore.rekor.client.HashedRekordRequest;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorVerificationException;
import dev.sigstore.rekor.client.RekorVerifier;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.sigstore.trustroot.TransparencyLog;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * sigstore-java 2.0.0's Rekor code (RekorVerifier, HashedRekordRequest, Checkpoints, the SET check)
 * judges our entries, SETs, inclusion proofs and checkpoints.
 */
class RekorFidelityTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final SignedImage IMAGE =
      SignedImage.ofManifest("registry.test/app", "manifest".getBytes(StandardCharsets.UTF_8));

  final SigstoreFixtures sigstore = SigstoreFixtures.create(21, SigstoreFixtures.DEFAULT_TIME);
  final FulcioCertificate certificate =
      sigstore.fulcio().issue(LeafRequest.of(Identity.email("a@b.test"), "https://issuer.test"));

  @Test
  void rekorVerifierAcceptsCosignBundleAnnotationEntryWithItsProof() throws Exception {
    sigstore.rekor().addHashedRekord(new byte[32], new byte[] {1}, "filler");
    byte[] payload = SimpleSigningPayload.of(IMAGE);
    byte[] signature = certificate.key().sign(payload);
    LogEntry entry =
        sigstore.rekor().addHashedRekord(Sha256.digest(payload), signature, certificate.leafPem());
    sigstore.rekor().addHashedRekord(new byte[32], new byte[] {2}, "filler");
    InclusionProof proof = sigstore.rekor().proveInclusion(entry);

    RekorEntry sigstoreEntry = fromAnnotation(entry.cosignBundleAnnotation(), proof);

    assertThat(proof.treeSize()).isEqualTo(3);
    assertThatCode(() -> rekorVerifier().verifyEntry(sigstoreEntry)).doesNotThrowAnyException();
  }

  @Test
  void rekorVerifierRefusesForgedSet() throws Exception {
    LogEntry entry = sigstore.rekor().addHashedRekord(new byte[32], new byte[] {1}, "pem");
    LogEntry forged =
        entry.withSignedEntryTimestamp(
            sigstore.newKey(KeyAlgorithm.ECDSA_P256).sign(entry.signableContent()));

    RekorEntry sigstoreEntry =
        fromAnnotation(forged.cosignBundleAnnotation(), sigstore.rekor().proveInclusion(entry));

    assertThatThrownBy(() -> rekorVerifier().verifyEntry(sigstoreEntry))
        .isInstanceOf(RekorVerificationException.class)
        .hasMessage("Entry SET was not valid");
  }

  @Test
  void setAloneVerifiesAsSigstoreJavaChecksIt() throws Exception {
    LogEntry entry = sigstore.rekor().addHashedRekord(new byte[32], new byte[] {1}, "pem");
    RekorEntry sigstoreEntry = fromAnnotation(entry.cosignBundleAnnotation(), null);
    SigstoreTrustedRoot root = SigstoreJava.trustedRoot(sigstore.trustedRoot());
    TransparencyLog log =
        TransparencyLog.find(root.getTLogs(), HexFormat.of().parseHex(sigstoreEntry.getLogID()))
            .orElseThrow();

    // The statements of RekorVerifier.verifyEntry's SET step.
    assertThat(sigstoreEntry.getSignableContent()).isEqualTo(entry.signableContent());
    assertThat(
            Verifiers.newVerifier(log.getPublicKey().toJavaPublicKey())
                .verify(
                    sigstoreEntry.getSignableContent(),
                    Base64.getDecoder()
                        .decode(sigstoreEntry.getVerification().getSignedEntryTimestamp())))
        .isTrue();
  }

  @Test
  void sigstoreJavaRebuildsOurHashedRekordBodyByteForByte() throws Exception {
    byte[] digest = Sha256.digest("artifact".getBytes(StandardCharsets.UTF_8));
    byte[] signature = certificate.key().sign("artifact".getBytes(StandardCharsets.UTF_8));

    LogEntry keyless = sigstore.rekor().addHashedRekord(digest, signature, certificate.leafPem());

    assertThat(keyless.bodyText())
        .isEqualTo(
            HashedRekordRequest.newHashedRekordRequest(
                    digest, Certificates.toPemBytes(certificate.leaf()), signature)
                .toJsonPayload());
    assertThat(keyless.uuid())
        .isEqualTo(
            HashedRekordRequest.newHashedRekordRequest(
                    digest, Certificates.toPemBytes(certificate.leaf()), signature)
                .computeUUID());
    assertThat(keyless.kind()).isEqualTo("hashedrekord");
  }

  @Test
  void checkpointHasRekorNoteFormat() throws Exception {
    LogEntry entry = sigstore.rekor().addHashedRekord(new byte[32], new byte[] {1}, "pem");
    InclusionProof proof = sigstore.rekor().proveInclusion(entry);

    RekorEntry.Checkpoint checkpoint = Checkpoints.from(proof.checkpoint());

    assertThat(checkpoint.getOrigin()).matches("rekor\\.test - \\d+");
    assertThat(checkpoint.getSize()).isEqualTo(1L);
    assertThat(Base64.getDecoder().decode(checkpoint.getBase64Hash())).isEqualTo(proof.rootHash());
    assertThat(checkpoint.getSignatures()).hasSize(1);
    assertThat(checkpoint.getSignatures().get(0).getIdentity()).isEqualTo("rekor.test");
    assertThat(checkpoint.getSignatures().get(0).getKeyHint())
        .isEqualTo(Arrays.copyOf(sigstore.rekor().logId(), 4));
    assertThat(proof.checkpoint()).endsWith("\n").contains("\n\n\u2014 rekor.test ");
  }

  @Test
  void logIdIsSha256OfTheDerPublicKey() {
    assertThat(sigstore.rekor().logId())
        .isEqualTo(Sha256.digest(sigstore.rekor().key().publicKey().getEncoded()));
    assertThat(sigstore.ctLog().logId())
        .isEqualTo(Sha256.digest(sigstore.ctLog().key().publicKey().getEncoded()));
  }

  @Test
  void refusesToProveAnEntryOfAnotherLog() {
    TestRekor other = TestRekor.generate(sigstore.random(), sigstore.clock(), "https://other.test");
    LogEntry foreign = other.addHashedRekord(new byte[32], new byte[] {1}, "pem");

    assertThatThrownBy(() -> sigstore.rekor().proveInclusion(foreign))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private RekorVerifier rekorVerifier() throws Exception {
    return RekorVerifier.newRekorVerifier(SigstoreJava.trustedRoot(sigstore.trustedRoot()));
  }

  /**
   * Reads cosign's bundle annotation the way a verifier would, plus an optional proof, into
   * sigstore-java's entry through its own protobuf-JSON reader ({@code TransparencyLogEntry}).
   */
  static RekorEntry fromAnnotation(String annotation, InclusionProof proof) throws Exception {
    JsonNode bundle = JSON.readTree(annotation);
    JsonNode payload = bundle.get("Payload");
    ObjectNode entry = JSON.createObjectNode();
    entry.put("logIndex", payload.get("logIndex").asText());
    entry
        .putObject("logId")
        .put("keyId", base64(HexFormat.of().parseHex(payload.get("logID").asText())));
    entry.put("integratedTime", payload.get("integratedTime").asText());
    entry
        .putObject("inclusionPromise")
        .put("signedEntryTimestamp", bundle.get("SignedEntryTimestamp").asText());
    if (proof != null) {
      ObjectNode proofNode = entry.putObject("inclusionProof");
      proofNode.put("logIndex", Long.toString(proof.logIndex()));
      proofNode.put("rootHash", base64(proof.rootHash()));
      proofNode.put("treeSize", Long.toString(proof.treeSize()));
      proof.hashes().forEach(hash -> proofNode.withArray("hashes").add(base64(hash)));
      proofNode.putObject("checkpoint").put("envelope", proof.checkpoint());
    }
    entry.put("canonicalizedBody", payload.get("body").asText());
    return RekorEntry.fromTLogEntryJson(JSON.writeValueAsString(entry));
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
