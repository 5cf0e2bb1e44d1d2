package dev.trustmirror.testkit.sigstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Produces Sigstore bundles ({@value #MEDIA_TYPE}) for an image digest with the services of one
 * {@link SigstoreFixtures}: a {@code messageSignature} over the digest or a {@code dsseEnvelope}
 * with an in-toto statement whose subject is the image, the leaf certificate, one {@code
 * tlogEntries} item with {@code inclusionPromise}, {@code inclusionProof} and checkpoint, and
 * optionally {@code timestampVerificationData}; or any {@link BundleBreakage}.
 */
public final class SigstoreBundles {

  /** The bundle media type. */
  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** DSSE payload type of in-toto statements. */
  public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

  /** The predicate type cosign writes for an image signature in a bundle. */
  public static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] OTHER_BYTES = "other bytes".getBytes(StandardCharsets.UTF_8);

  private final SigstoreFixtures fixtures;

  SigstoreBundles(SigstoreFixtures fixtures) {
    this.fixtures = fixtures;
  }

  /** A request for a bundle over {@code image}: choose a certificate or key, then build. */
  public BundleRequest request(SignedImage image) {
    return new BundleRequest(
        this, image, Optional.empty(), Optional.empty(), false, false, BundleBreakage.NONE);
  }

  /** A keyless bundle with a {@code messageSignature} over the image digest. */
  public String messageSignature(SignedImage image, FulcioCertificate certificate) {
    return request(image).certificate(certificate).build();
  }

  /** A keyless bundle with a DSSE envelope whose in-toto subject is the image. */
  public String dsse(SignedImage image, FulcioCertificate certificate) {
    return request(image).certificate(certificate).dsse(true).build();
  }

  /** The in-toto statement v1 for {@code image} (subject name = docker reference). */
  public static byte[] statement(SignedImage image) {
    ObjectNode statement = NODES.objectNode();
    statement.put("_type", "https://in-toto.io/Statement/v1");
    ObjectNode subject = statement.putArray("subject").addObject();
    subject.put("name", image.dockerReference());
    subject.putObject("digest").put("sha256", image.digestHex());
    statement.put("predicateType", COSIGN_SIGN_PREDICATE);
    statement.putObject("predicate");
    return compact(statement).getBytes(StandardCharsets.UTF_8);
  }

  /** DSSE v1 pre-authentication encoding of {@code payload}. */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    String header = "DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ";
    byte[] head = header.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + payload.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(payload, 0, out, head.length, payload.length);
    return out;
  }

  String build(BundleRequest request) {
    BundleBreakage breakage = request.breakage();
    SignedImage image =
        breakage == BundleBreakage.DIGEST_MISMATCH
            ? SignedImage.ofManifest(request.image().dockerReference(), OTHER_BYTES)
            : request.image();
    SigningKey key =
        request
            .certificate()
            .map(FulcioCertificate::key)
            .or(request::key)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Tried to build a bundle for " + image.digest() + " but has no signer"));
    String verifierPem =
        request.certificate().map(FulcioCertificate::leafPem).orElseGet(key::publicKeyPem);
    TestRekor rekor =
        breakage == BundleBreakage.SET_BY_UNKNOWN_LOG
            ? TestRekor.generate(fixtures.random(), fixtures.clock(), "https://rekor.unknown.test")
            : fixtures.rekor();
    SignedContent content =
        request.dsse()
            ? dsseEnvelope(image, key, verifierPem, rekor, breakage)
            : messageSignature(image, key, verifierPem, rekor, breakage);

    // Member order as sigstore writes it: media type, material, then the content.
    ObjectNode bundle = NODES.objectNode();
    bundle.put("mediaType", MEDIA_TYPE);
    ObjectNode material = bundle.putObject("verificationMaterial");
    writeSigner(material, request);
    material.putArray("tlogEntries").add(tlogEntry(rekor, content.entry(), breakage));
    if (request.timestamp()) {
      byte[] stamped =
          breakage == BundleBreakage.TIMESTAMP_FOR_OTHER_SIGNATURE
              ? OTHER_BYTES
              : content.signature();
      material
          .putObject("timestampVerificationData")
          .putArray("rfc3161Timestamps")
          .addObject()
          .put("signedTimestamp", base64(fixtures.tsa().timestamp(stamped)));
    }
    bundle.set(content.member(), content.node());
    return compact(bundle);
  }

  /** The signed part of a bundle, the signature in it and the log entry made for it. */
  private record SignedContent(String member, ObjectNode node, byte[] signature, LogEntry entry) {}

  private static SignedContent dsseEnvelope(
      SignedImage image,
      SigningKey key,
      String verifierPem,
      TestRekor rekor,
      BundleBreakage breakage) {
    byte[] payload = statement(image);
    boolean otherBytes = breakage == BundleBreakage.SIGNATURE_OVER_OTHER_BYTES;
    byte[] signature = key.sign(pae(IN_TOTO_PAYLOAD_TYPE, otherBytes ? OTHER_BYTES : payload));
    ObjectNode envelope = NODES.objectNode();
    envelope.put("payload", base64(payload));
    envelope.put("payloadType", IN_TOTO_PAYLOAD_TYPE);
    envelope.putArray("signatures").addObject().put("sig", base64(signature)).put("keyid", "");
    LogEntry entry =
        breakage == BundleBreakage.ENTRY_FOR_OTHER_SIGNATURE
            ? rekor.addDsse(OTHER_BYTES, OTHER_BYTES, key.sign(OTHER_BYTES), verifierPem)
            : rekor.addDsse(
                compact(envelope).getBytes(StandardCharsets.UTF_8),
                payload,
                signature,
                verifierPem);
    return new SignedContent("dsseEnvelope", envelope, signature, entry);
  }

  private static SignedContent messageSignature(
      SignedImage image,
      SigningKey key,
      String verifierPem,
      TestRekor rekor,
      BundleBreakage breakage) {
    byte[] digest = image.digestBytes();
    boolean otherBytes = breakage == BundleBreakage.SIGNATURE_OVER_OTHER_BYTES;
    byte[] signature = key.signDigest(otherBytes ? Sha256.digest(OTHER_BYTES) : digest);
    ObjectNode messageSignature = NODES.objectNode();
    messageSignature
        .putObject("messageDigest")
        .put("algorithm", "SHA2_256")
        .put("digest", base64(digest));
    messageSignature.put("signature", base64(signature));
    LogEntry entry =
        breakage == BundleBreakage.ENTRY_FOR_OTHER_SIGNATURE
            ? rekor.addHashedRekord(Sha256.digest(OTHER_BYTES), key.sign(OTHER_BYTES), verifierPem)
            : rekor.addHashedRekord(digest, signature, verifierPem);
    return new SignedContent("messageSignature", messageSignature, signature, entry);
  }

  private static void writeSigner(ObjectNode material, BundleRequest request) {
    if (request.certificate().isPresent()) {
      try {
        material
            .putObject("certificate")
            .put("rawBytes", base64(request.certificate().get().leaf().getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("Tried to encode the leaf certificate but failed", e);
      }
    } else {
      byte[] spki = request.key().orElseThrow().publicKey().getEncoded();
      material.putObject("publicKey").put("hint", base64(Sha256.digest(spki)));
    }
  }

  private ObjectNode tlogEntry(TestRekor rekor, LogEntry logged, BundleBreakage breakage) {
    LogEntry entry = logged;
    if (breakage == BundleBreakage.BAD_SET) {
      SigningKey forger = SigningKey.generate(KeyAlgorithm.ECDSA_P256, fixtures.random());
      entry = entry.withSignedEntryTimestamp(forger.sign(entry.signableContent()));
    }
    InclusionProof proof = rekor.proveInclusion(entry);
    List<byte[]> hashes = proof.hashes();
    String checkpoint = proof.checkpoint();
    switch (breakage) {
      case BAD_INCLUSION_PROOF -> hashes = alteredPath(hashes);
      case BAD_CHECKPOINT_SIGNATURE ->
          checkpoint =
              rekor.checkpoint(
                  proof.treeSize(),
                  proof.rootHash(),
                  SigningKey.generate(KeyAlgorithm.ECDSA_P256, fixtures.random()));
      case CHECKPOINT_ROOT_MISMATCH ->
          checkpoint = rekor.checkpoint(proof.treeSize(), Sha256.digest(proof.rootHash()));
      default -> {}
    }
    ObjectNode node = NODES.objectNode();
    node.put("logIndex", Long.toString(entry.logIndex()));
    node.putObject("logId").put("keyId", base64(entry.logId()));
    node.putObject("kindVersion").put("kind", entry.kind()).put("version", entry.apiVersion());
    node.put("integratedTime", Long.toString(entry.integratedTime()));
    node.putObject("inclusionPromise")
        .put("signedEntryTimestamp", base64(entry.signedEntryTimestamp()));
    ObjectNode proofNode = node.putObject("inclusionProof");
    proofNode.put("logIndex", Long.toString(proof.logIndex()));
    proofNode.put("rootHash", base64(proof.rootHash()));
    proofNode.put("treeSize", Long.toString(proof.treeSize()));
    ArrayNode hashesNode = proofNode.putArray("hashes");
    hashes.forEach(hash -> hashesNode.add(base64(hash)));
    proofNode.putObject("checkpoint").put("envelope", checkpoint);
    node.put("canonicalizedBody", entry.bodyBase64());
    return node;
  }

  private static List<byte[]> alteredPath(List<byte[]> hashes) {
    if (hashes.isEmpty()) {
      // A one-entry tree has an empty path: a path of one hash is then the wrong length.
      return List.of(Sha256.digest(OTHER_BYTES));
    }
    byte[] first = hashes.get(0).clone();
    first[0] ^= 1;
    var altered = new ArrayList<>(hashes);
    altered.set(0, first);
    return List.copyOf(altered);
  }

  private static String compact(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Tried to write bundle JSON but Jackson failed", e);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
