package dev.trustmirror.testkit.sigstore;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A Rekor transparency log in memory: an ECDSA P-256 key, an RFC 6962 Merkle tree, entries with
 * Rekor's canonicalized bodies, Signed Entry Timestamps, inclusion proofs and signed checkpoints.
 * Times come from the injected clock.
 */
public final class TestRekor {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final SigningKey key;
  private final byte[] logId;
  private final Clock clock;
  private final String baseUrl;
  private final long treeId;
  private final Instant validFrom;
  private final MerkleTree tree = new MerkleTree();

  private TestRekor(SigningKey key, Clock clock, String baseUrl, long treeId) {
    this.key = key;
    this.logId = Sha256.digest(key.publicKey().getEncoded());
    this.clock = clock;
    this.baseUrl = baseUrl;
    this.treeId = treeId;
    this.validFrom = clock.instant().minusSeconds(86_400);
  }

  /** A log at {@code https://rekor.test}. */
  public static TestRekor generate(SecureRandom random, Clock clock) {
    return generate(random, clock, "https://rekor.test");
  }

  /** A log at {@code baseUrl}; its key is valid from a day before {@code clock}'s instant. */
  public static TestRekor generate(SecureRandom random, Clock clock, String baseUrl) {
    SigningKey key = SigningKey.generate(KeyAlgorithm.ECDSA_P256, random);
    return new TestRekor(key, clock, baseUrl, random.nextLong() & Long.MAX_VALUE);
  }

  /** The log's key. */
  public SigningKey key() {
    return key;
  }

  /** The log ID: SHA-256 of the DER public key. */
  public byte[] logId() {
    return logId.clone();
  }

  /** The base URL for {@code trusted_root.json}; its host names the checkpoint signature. */
  public String baseUrl() {
    return baseUrl;
  }

  /** When the key became valid. */
  public Instant validFrom() {
    return validFrom;
  }

  /** The checkpoint origin line, {@code <host> - <tree id>} as Rekor writes it. */
  public String origin() {
    return host() + " - " + treeId;
  }

  /** How many entries the log holds. */
  public long size() {
    return tree.size();
  }

  /**
   * Logs a {@code hashedrekord} v0.0.1 entry.
   *
   * @param artifactDigest SHA-256 of the signed artifact (for cosign: of the payload)
   * @param signature the signature bytes
   * @param verifierPem the certificate or public key PEM that verifies the signature
   */
  public LogEntry addHashedRekord(byte[] artifactDigest, byte[] signature, String verifierPem) {
    ObjectNode spec = NODES.objectNode();
    spec.putObject("data")
        .putObject("hash")
        .put("algorithm", "sha256")
        .put("value", HexFormat.of().formatHex(artifactDigest));
    ObjectNode signatureNode = spec.putObject("signature");
    signatureNode.put("content", base64(signature));
    signatureNode.putObject("publicKey").put("content", base64(utf8(verifierPem)));
    return add("hashedrekord", "0.0.1", spec);
  }

  /**
   * Logs a {@code dsse} v0.0.1 entry for an envelope with one signature.
   *
   * @param envelopeJson the envelope as submitted (its SHA-256 is the {@code envelopeHash})
   * @param payload the envelope's payload bytes
   * @param signature the envelope's signature
   * @param verifierPem the certificate or public key PEM that verifies it
   */
  public LogEntry addDsse(
      byte[] envelopeJson, byte[] payload, byte[] signature, String verifierPem) {
    ObjectNode spec = NODES.objectNode();
    spec.putObject("envelopeHash")
        .put("algorithm", "sha256")
        .put("value", Sha256.hex(envelopeJson));
    spec.putObject("payloadHash").put("algorithm", "sha256").put("value", Sha256.hex(payload));
    spec.putArray("signatures")
        .addObject()
        .put("signature", base64(signature))
        .put("verifier", base64(utf8(verifierPem)));
    return add("dsse", "0.0.1", spec);
  }

  /**
   * Logs any entry: the body is the RFC 8785 JSON of {@code {apiVersion, kind, spec}}; the
   * integrated time is the clock's.
   */
  public LogEntry add(String kind, String apiVersion, ObjectNode spec) {
    ObjectNode body = NODES.objectNode();
    body.put("apiVersion", apiVersion);
    body.put("kind", kind);
    body.set("spec", spec);
    byte[] canonicalBody = RekorCanonicalJson.encode(body);
    long index = tree.append(canonicalBody);
    LogEntry unsigned =
        new LogEntry(
            kind,
            apiVersion,
            canonicalBody,
            clock.instant().getEpochSecond(),
            index,
            logId,
            new byte[0]);
    return unsigned.withSignedEntryTimestamp(key.sign(unsigned.signableContent()));
  }

  /** Proves {@code entry} in the tree as it is now, with a checkpoint for that tree. */
  public InclusionProof proveInclusion(LogEntry entry) {
    if (!Arrays.equals(entry.logId(), logId)) {
      throw new IllegalArgumentException(
          "Tried to prove entry " + entry.logIndex() + " but it was logged by another log");
    }
    long size = tree.size();
    byte[] root = tree.root(size);
    return new InclusionProof(
        entry.logIndex(),
        size,
        root,
        tree.inclusionPath(entry.logIndex(), size),
        checkpoint(size, root));
  }

  /**
   * A signed checkpoint (a signed note): the body {@code origin\nsize\nbase64(root)\n}, a blank
   * line, and {@code — <host> base64(keyhint || signature)\n}, where the key hint is the first 4
   * bytes of the log ID.
   */
  public String checkpoint(long size, byte[] rootHash) {
    return checkpoint(size, rootHash, key);
  }

  /** A checkpoint of this log (origin, name, key hint) signed by {@code signer} instead. */
  String checkpoint(long size, byte[] rootHash, SigningKey signer) {
    String note = origin() + "\n" + size + "\n" + base64(rootHash) + "\n";
    var signature = new ByteArrayOutputStream();
    signature.write(logId, 0, 4);
    signature.writeBytes(signer.sign(utf8(note)));
    return note + "\n\u2014 " + host() + " " + base64(signature.toByteArray()) + "\n";
  }

  @Override
  public String toString() {
    return "TestRekor[" + baseUrl + ", " + tree.size() + " entries]";
  }

  private String host() {
    return URI.create(baseUrl).getHost();
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
