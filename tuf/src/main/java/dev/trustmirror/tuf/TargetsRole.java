package dev.trustmirror.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A parsed targets role (top-level or delegated): its targets and its delegations. */
final class TargetsRole {
  /** One listed target. */
  record Target(TargetPath path, FileInfo info) {}

  private static final Set<String> RESERVED = Set.of("root", "timestamp", "snapshot", "targets");

  final SignedMetadata md;
  final Map<String, Target> targets;
  final List<Delegation> delegations;

  private TargetsRole(
      SignedMetadata md, Map<String, Target> targets, List<Delegation> delegations) {
    this.md = md;
    this.targets = targets;
    this.delegations = delegations;
  }

  /**
   * Parses targets metadata.
   *
   * @throws InvalidTargetPathException for a target name that could escape the repository
   */
  static TargetsRole parse(String path, byte[] raw, String roleName)
      throws MalformedMetadataException, InvalidTargetPathException {
    SignedMetadata md = SignedMetadata.parse(path, raw, "targets");
    JsonNode targetsNode = SignedMetadata.object(path, md.signed, "targets");
    Map<String, Target> targets = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = targetsNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      TargetPath tp = TargetPath.parse(e.getKey());
      if (!e.getValue().isObject()) {
        throw new MalformedMetadataException(path, "target " + e.getKey() + " is not an object");
      }
      targets.put(tp.name(), new Target(tp, FileInfo.parse(path, e.getValue(), true)));
    }
    List<Delegation> delegations = new ArrayList<>();
    JsonNode del = md.signed.get("delegations");
    if (del != null && !del.isNull()) {
      JsonNode keys = SignedMetadata.object(path, del, "keys");
      JsonNode roles = del.get("roles");
      if (roles == null || !roles.isArray()) {
        throw new MalformedMetadataException(path, "delegations has no \"roles\" array");
      }
      String owner = roleName + " v" + md.version;
      for (JsonNode r : roles) {
        delegations.add(Delegation.parse(path, owner, keys, r));
      }
    }
    return new TargetsRole(md, Map.copyOf(targets), List.copyOf(delegations));
  }

  /** A delegation from this role to another targets role. */
  record Delegation(String name, RoleKeys keys, List<String> paths, List<String> hashPrefixes) {

    static Delegation parse(String path, String owner, JsonNode keyDict, JsonNode node)
        throws MalformedMetadataException {
      String name = SignedMetadata.text(path, node, "name");
      checkRoleName(path, name);
      RoleKeys keys = RoleKeys.from(path, owner, keyDict, node);
      List<String> paths = strings(path, node.get("paths"));
      List<String> prefixes = strings(path, node.get("path_hash_prefixes"));
      if (node.has("paths") && node.has("path_hash_prefixes")) {
        throw new MalformedMetadataException(path, "delegation " + name + " has both paths kinds");
      }
      return new Delegation(name, keys, paths, prefixes);
    }

    /** TUF: a delegated role may only sign targets that match its paths. */
    boolean covers(TargetPath target) {
      for (String pattern : paths) {
        if (PathPattern.matches(pattern, target.name())) {
          return true;
        }
      }
      if (!hashPrefixes.isEmpty()) {
        String h =
            FileInfo.hex(
                "SHA-256", target.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String p : hashPrefixes) {
          if (h.startsWith(p)) {
            return true;
          }
        }
      }
      return false;
    }

    private static List<String> strings(String path, JsonNode node)
        throws MalformedMetadataException {
      List<String> out = new ArrayList<>();
      if (node == null) {
        return out;
      }
      if (!node.isArray()) {
        throw new MalformedMetadataException(path, "delegation paths are not an array");
      }
      for (JsonNode n : node) {
        if (!n.isTextual()) {
          throw new MalformedMetadataException(path, "a delegation path is not text");
        }
        out.add(n.textValue());
      }
      return List.copyOf(out);
    }

    /** The role name becomes a file name ({@code V.<name>.json}), so it must be a safe one. */
    private static void checkRoleName(String path, String name) throws MalformedMetadataException {
      boolean unsafe =
          name.isEmpty()
              || name.startsWith(".")
              || name.contains("/")
              || name.contains("\\")
              || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
      if (unsafe || RESERVED.contains(name)) {
        throw new MalformedMetadataException(
            path, "delegated role name \"" + name + "\" is not allowed");
      }
    }
  }
}
