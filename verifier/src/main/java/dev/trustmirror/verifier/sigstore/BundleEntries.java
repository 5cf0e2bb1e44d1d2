package dev.trustmirror.verifier.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Part;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the verification material of a Sigstore bundle (protobuf-specs, JSON form): its
 * transparency-log entries and its RFC 3161 timestamps.
 */
final class BundleEntries {
  private static final int MAX_PROOF_HASHES = 64;
  private static final int MAX_TIMESTAMPS = 32;

  private BundleEntries() {}

  static TransparencyLogEntry entry(StrictJson json, JsonNode node, String path)
      throws MalformedSignatureException {
    if (!node.isObject()) {
      throw new MalformedSignatureException(
          Part.SIGSTORE_BUNDLE, Rule.WRONG_TYPE, path, "it is not an object");
    }
    json.allowOnly(
        node,
        path,
        "logIndex",
        "logId",
        "kindVersion",
        "integratedTime",
        "inclusionPromise",
        "inclusionProof",
        "canonicalizedBody");
    long logIndex = json.nonNegative(node, "logIndex", path + ".logIndex");
    JsonNode logId = json.object(node, "logId", path + ".logId");
    json.allowOnly(logId, path + ".logId", "keyId");
    byte[] keyId =
        json.base64(json.text(logId, "keyId", path + ".logId.keyId"), path + ".logId.keyId");
    Optional<JsonNode> kindVersion =
        json.optionalObject(node, "kindVersion", path + ".kindVersion");
    if (kindVersion.isPresent()) {
      // informational: the body says its kind and version, and that is what is checked
      json.allowOnly(kindVersion.get(), path + ".kindVersion", "kind", "version");
    }
    long integratedTime = json.nonNegative(node, "integratedTime", path + ".integratedTime");
    byte[] body =
        json.base64(
            json.text(node, "canonicalizedBody", path + ".canonicalizedBody"),
            path + ".canonicalizedBody");
    Optional<byte[]> set = Optional.empty();
    Optional<JsonNode> promise =
        json.optionalObject(node, "inclusionPromise", path + ".inclusionPromise");
    if (promise.isPresent()) {
      json.allowOnly(promise.get(), path + ".inclusionPromise", "signedEntryTimestamp");
      String p = path + ".inclusionPromise.signedEntryTimestamp";
      set = Optional.of(json.base64(json.text(promise.get(), "signedEntryTimestamp", p), p));
    }
    Optional<TransparencyLogEntry.InclusionProof> proof = Optional.empty();
    Optional<JsonNode> proofNode =
        json.optionalObject(node, "inclusionProof", path + ".inclusionProof");
    if (proofNode.isPresent()) {
      proof = Optional.of(proof(json, proofNode.get(), path + ".inclusionProof"));
    }
    return new TransparencyLogEntry(logIndex, keyId, integratedTime, body, set, proof);
  }

  private static TransparencyLogEntry.InclusionProof proof(
      StrictJson json, JsonNode node, String path) throws MalformedSignatureException {
    json.allowOnly(node, path, "logIndex", "rootHash", "treeSize", "hashes", "checkpoint");
    long index = json.nonNegative(node, "logIndex", path + ".logIndex");
    byte[] rootHash =
        json.base64(json.text(node, "rootHash", path + ".rootHash"), path + ".rootHash");
    long treeSize = json.nonNegative(node, "treeSize", path + ".treeSize");
    List<byte[]> hashes = new ArrayList<>();
    if (node.has("hashes") && !node.get("hashes").isNull()) {
      JsonNode list = json.array(node, "hashes", path + ".hashes");
      if (list.size() > MAX_PROOF_HASHES) {
        throw new MalformedSignatureException(
            Part.SIGSTORE_BUNDLE, Rule.TOO_LARGE, path + ".hashes", list.size() + " hashes");
      }
      for (int i = 0; i < list.size(); i++) {
        String p = path + ".hashes[" + i + "]";
        if (!list.get(i).isTextual()) {
          throw new MalformedSignatureException(
              Part.SIGSTORE_BUNDLE, Rule.WRONG_TYPE, p, "it is not a string");
        }
        hashes.add(json.base64(list.get(i).textValue(), p));
      }
    }
    Optional<String> checkpoint = Optional.empty();
    Optional<JsonNode> checkpointNode =
        json.optionalObject(node, "checkpoint", path + ".checkpoint");
    if (checkpointNode.isPresent()) {
      json.allowOnly(checkpointNode.get(), path + ".checkpoint", "envelope");
      checkpoint =
          Optional.of(json.text(checkpointNode.get(), "envelope", path + ".checkpoint.envelope"));
    }
    return new TransparencyLogEntry.InclusionProof(index, rootHash, treeSize, hashes, checkpoint);
  }

  /** The DER of each RFC 3161 timestamp of {@code timestampVerificationData}. */
  static List<byte[]> timestamps(StrictJson json, JsonNode material)
      throws MalformedSignatureException {
    List<byte[]> timestamps = new ArrayList<>();
    Optional<JsonNode> data =
        json.optionalObject(
            material,
            "timestampVerificationData",
            "verificationMaterial.timestampVerificationData");
    if (data.isPresent()) {
      json.allowOnly(data.get(), "timestampVerificationData", "rfc3161Timestamps");
    }
    if (data.isEmpty() || !data.get().has("rfc3161Timestamps")) {
      return timestamps;
    }
    JsonNode list = json.array(data.get(), "rfc3161Timestamps", "rfc3161Timestamps");
    if (list.size() > MAX_TIMESTAMPS) {
      throw new MalformedSignatureException(
          Part.SIGSTORE_BUNDLE, Rule.TOO_LARGE, "rfc3161Timestamps", list.size() + " timestamps");
    }
    for (int i = 0; i < list.size(); i++) {
      String path = "rfc3161Timestamps[" + i + "]";
      if (!list.get(i).isObject()) {
        throw new MalformedSignatureException(
            Part.SIGSTORE_BUNDLE, Rule.WRONG_TYPE, path, "it is not an object");
      }
      json.allowOnly(list.get(i), path, "signedTimestamp");
      timestamps.add(
          json.base64(
              json.text(list.get(i), "signedTimestamp", path + ".signedTimestamp"),
              path + ".signedTimestamp"));
    }
    return timestamps;
  }
}
