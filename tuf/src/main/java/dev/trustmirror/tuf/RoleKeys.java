package dev.trustmirror.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The keys authorised for one role and how many of them must sign: a top-level role of root, or a
 * delegated role of a targets role. Keyids are used exactly as given (Sigstore root 11 has a keyid
 * that is not the hash of its key).
 *
 * @param owner who defined these keys, for messages ({@code root v12}, {@code targets v14})
 * @param keys keyid to TUF key object, only the keyids of this role
 * @param threshold signatures needed
 */
record RoleKeys(String owner, Map<String, JsonNode> keys, int threshold) {

  /**
   * Reads the keys of a role from a key dictionary ({@code keys} of root or of delegations) and the
   * role's {@code keyids} and {@code threshold}.
   */
  static RoleKeys from(String path, String owner, JsonNode keyDict, JsonNode roleNode)
      throws MalformedMetadataException {
    int threshold = SignedMetadata.positiveInt(path, roleNode, "threshold");
    JsonNode keyIds = roleNode.get("keyids");
    if (keyIds == null || !keyIds.isArray()) {
      throw new MalformedMetadataException(path, "a role has no \"keyids\" array");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode id : keyIds) {
      if (!id.isTextual()) {
        throw new MalformedMetadataException(path, "a keyid is not text");
      }
      ids.add(id.textValue());
    }
    Map<String, JsonNode> keys = new LinkedHashMap<>();
    for (String id : ids) {
      JsonNode key = keyDict.get(id);
      // A keyid without a key cannot sign; it is not an error by itself (TUF allows it).
      if (key != null && key.isObject()) {
        keys.put(id, key);
      }
    }
    return new RoleKeys(owner, Map.copyOf(keys), threshold);
  }

  /** True when both sets hold the same keyids (used for TUF 5.3.11 key-rotation recovery). */
  boolean sameKeyIds(RoleKeys other) {
    return keys.keySet().equals(other.keys.keySet()) && threshold == other.threshold;
  }
}
