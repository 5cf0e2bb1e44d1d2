package dev.trustmirror.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/** A parsed root: the keys and thresholds of the four top-level roles. */
final class RootRole {
  static final String[] TOP_LEVEL = {"root", "timestamp", "snapshot", "targets"};

  final SignedMetadata md;
  final boolean consistentSnapshot;
  private final Map<String, RoleKeys> roles;

  private RootRole(SignedMetadata md, boolean consistentSnapshot, Map<String, RoleKeys> roles) {
    this.md = md;
    this.consistentSnapshot = consistentSnapshot;
    this.roles = roles;
  }

  static RootRole parse(String path, byte[] raw) throws MalformedMetadataException {
    SignedMetadata md = SignedMetadata.parse(path, raw, "root");
    JsonNode keys = SignedMetadata.object(path, md.signed, "keys");
    JsonNode roleDict = SignedMetadata.object(path, md.signed, "roles");
    Map<String, RoleKeys> roles = new HashMap<>();
    for (String name : TOP_LEVEL) {
      JsonNode r = roleDict.get(name);
      if (r == null || !r.isObject()) {
        throw new MalformedMetadataException(path, "root defines no \"" + name + "\" role");
      }
      roles.put(name, RoleKeys.from(path, "root v" + md.version, keys, r));
    }
    JsonNode cs = md.signed.get("consistent_snapshot");
    if (cs != null && !cs.isBoolean()) {
      throw new MalformedMetadataException(path, "consistent_snapshot is not a boolean");
    }
    return new RootRole(md, cs != null && cs.booleanValue(), Map.copyOf(roles));
  }

  RoleKeys keys(String role) {
    return roles.get(role);
  }

  int version() {
    return md.version;
  }
}
