package dev.trustmirror.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What a referring role says about a file: its length (optional for metadata) and its hashes by
 * algorithm (optional for metadata, required for targets).
 */
record FileInfo(OptionalLong length, Map<String, String> hashes) {

  /** Hash algorithms we can compute, in the order we prefer them for naming downloads. */
  static final Map<String, String> SUPPORTED = Map.of("sha256", "SHA-256", "sha512", "SHA-512");

  static FileInfo parse(String path, JsonNode node, boolean required)
      throws MalformedMetadataException {
    OptionalLong length = OptionalLong.empty();
    if (node.has("length") || required) {
      length = OptionalLong.of(SignedMetadata.nonNegativeLong(path, node, "length"));
    }
    Map<String, String> hashes = new TreeMap<>();
    JsonNode h = node.get("hashes");
    if (h != null || required) {
      if (h == null || !h.isObject() || h.isEmpty()) {
        throw new MalformedMetadataException(path, "\"hashes\" is missing, empty or not an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw new MalformedMetadataException(path, "hash " + e.getKey() + " is not text");
        }
        hashes.put(e.getKey(), e.getValue().textValue().toLowerCase(java.util.Locale.ROOT));
      }
      if (hashes.keySet().stream().noneMatch(SUPPORTED::containsKey)) {
        throw new MalformedMetadataException(
            path, "no supported hash algorithm in " + hashes.keySet());
      }
    }
    return new FileInfo(length, Map.copyOf(hashes));
  }

  /** Checks length and every supported hash of {@code bytes}. */
  void check(String path, byte[] bytes) throws LengthMismatchException, HashMismatchException {
    if (length.isPresent() && length.getAsLong() != bytes.length) {
      throw new LengthMismatchException(path, length.getAsLong(), bytes.length);
    }
    for (Map.Entry<String, String> e : new TreeMap<>(hashes).entrySet()) {
      String jca = SUPPORTED.get(e.getKey());
      if (jca == null) {
        continue;
      }
      String found = hex(jca, bytes);
      if (!found.equals(e.getValue())) {
        throw new HashMismatchException(path, e.getKey(), e.getValue(), found);
      }
    }
  }

  static String hex(String jcaAlgorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(jcaAlgorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaAlgorithm + " is always available", e);
    }
  }
}
